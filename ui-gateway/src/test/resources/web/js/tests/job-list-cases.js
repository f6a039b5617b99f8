// Cases for js/job-list.js.

import { renderJobs } from '../job-list.js';
import { job } from './jobs.js';
import { equal } from './assert.js';

function rowsOf(fromPage) {
  return fromPage('jobs').querySelector('#job-rows');
}

export const cases = {
  'a running job shows a bar and where it is': ({ fromPage }) => {
    const rows = rowsOf(fromPage);
    renderJobs(rows, [job()], null);
    const bar = rows.querySelector('progress');
    equal([bar.value, bar.max], [540, 1200], 'progress bar');
    equal(rows.querySelector('.progress-text').textContent,
      'epoch 1/2 · step 540/1,200 · 812 img/s · ETA 1m 21s', 'progress text');
    equal(rows.querySelector('[data-action=cancel]').getAttribute('aria-label'), 'Cancel lr-0.001', 'cancel label');
  },
  'a finished job has a full bar, its metrics and no cancel button': ({ fromPage }) => {
    const rows = rowsOf(fromPage);
    renderJobs(rows, [job({ status: 'SUCCEEDED', progress: null, finalMetrics: { 'test accuracy': 0.97123 } })], null);
    const bar = rows.querySelector('progress');
    equal([bar.value, bar.max], [1, 1], 'progress bar');
    equal(rows.querySelector('.progress-text').textContent, 'test accuracy 0.9712', 'metrics');
    equal(rows.querySelector('[data-action=cancel]'), null, 'cancel button');
  },
  'names and errors are shown as text, never as markup': ({ fromPage }) => {
    const rows = rowsOf(fromPage);
    const name = '<img src=x onerror="window.injected = true">';
    renderJobs(rows, [job({ runName: name, status: 'FAILED', error: '<b>boom</b>' })], null);
    equal(rows.querySelector('img, b'), null, 'element made from data');
    equal(rows.querySelector('[data-action=select]').textContent, name, 'run name');
    equal(rows.querySelector('.error-text').textContent, '<b>boom</b>', 'error');
  },
  'the selected job is marked current': ({ fromPage }) => {
    const rows = rowsOf(fromPage);
    const other = job({ id: '6f1c2e1a-0000-4000-8000-000000000002', runName: 'lr-0.01' });
    renderJobs(rows, [job(), other], other.id);
    equal([...rows.querySelectorAll('tr[aria-current=true]')].map((row) => row.dataset.job), [other.id], 'current');
  },
  'focus stays on the same control when the list refreshes': ({ fromPage }) => {
    const rows = rowsOf(fromPage);
    renderJobs(rows, [job()], null);
    const before = rows.querySelector('[data-action=cancel]');
    before.focus();
    renderJobs(rows, [job()], null);
    const after = rows.querySelector('[data-action=cancel]');
    equal([after !== before, document.activeElement === after], [true, true], 'new button focused');
  },
  'an empty list says so': ({ fromPage }) => {
    const rows = rowsOf(fromPage);
    renderJobs(rows, [], null);
    equal(rows.textContent, 'No jobs yet.', 'text');
  },
};
