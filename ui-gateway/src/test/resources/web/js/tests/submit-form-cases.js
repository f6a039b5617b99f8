// Cases for js/submit-form.js, on the form of index.html.

import { blame, parseLearningRates, readJob, readSweep, showMode, validate } from '../submit-form.js';
import { equal } from './assert.js';

function choose(form, mode) {
  form.querySelector(`input[name=mode][value=${mode}]`).checked = true;
  showMode(form);
}

export const cases = {
  'a job spec has numbers, and leaves out what is empty': ({ fromPage }) => {
    const form = fromPage('submit-form');
    choose(form, 'job');
    form.elements.trainLimit.value = '2000';
    equal(readJob(form), { dataset: 'mnist', optimizer: 'adam', device: 'auto', epochs: 2, batchSize: 100,
      hiddenSize: 500, seed: 42, logEverySteps: 100, trainLimit: 2000, learningRate: 0.001 }, 'spec');
    form.elements.runName.value = ' mnist1 ';
    equal(readJob(form).runName, 'mnist1', 'run name');
  },
  'a sweep is a base spec and a grid of learning rates': ({ fromPage }) => {
    const form = fromPage('submit-form');
    choose(form, 'sweep');
    form.elements.learningRates.value = '0.001, 0.01';
    const sweep = readSweep(form);
    equal([sweep.name, sweep.grid, 'learningRate' in sweep.base, sweep.base.epochs],
      ['lr', { learningRate: [0.001, 0.01] }, false, 2], 'sweep');
  },
  'learning rates must all be numbers': () => {
    equal(['0.1,0.2', ' 1e-3 , 0.5 ', '0.1,,abc', ''].map(parseLearningRates),
      [[0.1, 0.2], [0.001, 0.5], null, null], 'parsed');
  },
  'each mode shows and enables only its own fields': ({ fromPage }) => {
    const form = fromPage('submit-form');
    choose(form, 'sweep');
    equal([form.elements.runName.disabled, form.elements.learningRates.disabled], [true, false], 'sweep mode');
    equal(form.elements.runName.closest('.field').hidden, true, 'run name hidden');
    choose(form, 'job');
    equal([form.elements.runName.disabled, form.elements.learningRates.disabled], [false, true], 'job mode');
  },
  'the browser refuses learning rates that are not numbers': ({ fromPage }) => {
    const form = fromPage('submit-form');
    choose(form, 'sweep');
    form.elements.learningRates.value = '0.1, fast';
    equal([validate(form), form.elements.learningRates.validationMessage],
      [false, 'Give one or more numbers separated by commas.'], 'validity');
  },
  'fields a problem names are marked and the first is focused': ({ fromPage }) => {
    const form = fromPage('submit-form');
    choose(form, 'sweep');
    blame(form, ['base.epochs', 'grid.learningRate[1]', 'name']);
    const marked = [...form.querySelectorAll('[aria-invalid=true]')].map((input) => input.name);
    equal(marked, ['sweepName', 'learningRates', 'epochs'], 'marked');
    equal(document.activeElement.name, 'sweepName', 'focused');
    blame(form, []);
    equal(form.querySelectorAll('[aria-invalid]').length, 0, 'marks left after clearing');
  },
};
