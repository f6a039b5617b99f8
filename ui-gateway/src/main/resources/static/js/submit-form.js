// Reads the submit form into a job spec or a sweep request and marks the fields a problem blames.

const NUMBER_FIELDS = ['epochs', 'batchSize', 'hiddenSize', 'seed', 'logEverySteps', 'trainLimit', 'testLimit'];
const TEXT_FIELDS = ['dataset', 'optimizer', 'device'];
// Request fields whose input is named differently on the form.
const INPUT_OF = { name: 'sweepName' };

export const mode = (form) => form.elements.mode.value;

/** Shows only the fields of the chosen mode; hidden fields are disabled so validation skips them. */
export function showMode(form) {
  form.querySelectorAll('[data-mode]').forEach((field) => {
    const active = field.dataset.mode === mode(form);
    field.hidden = !active;
    field.querySelectorAll('input').forEach((input) => { input.disabled = !active; });
  });
}

function baseSpec(form) {
  const spec = {};
  TEXT_FIELDS.forEach((name) => { spec[name] = form.elements[name].value; });
  NUMBER_FIELDS.forEach((name) => {
    const value = form.elements[name].value.trim();
    if (value !== '') spec[name] = Number(value);
  });
  return spec;
}

export function readJob(form) {
  const spec = { ...baseSpec(form), learningRate: Number(form.elements.learningRate.value) };
  const runName = form.elements.runName.value.trim();
  if (runName) spec.runName = runName;
  return spec;
}

/** Parses the comma-separated learning rates; answers null when one of them is not a number. */
export function parseLearningRates(text) {
  const values = text.split(',').map((part) => part.trim()).filter(Boolean).map(Number);
  return values.length > 0 && values.every(Number.isFinite) ? values : null;
}

export function readSweep(form) {
  return {
    name: form.elements.sweepName.value.trim(),
    base: baseSpec(form),
    grid: { learningRate: parseLearningRates(form.elements.learningRates.value) },
  };
}

/** Checks the form in the browser first, so that the gateway only sees plausible requests. */
export function validate(form) {
  const rates = form.elements.learningRates;
  rates.setCustomValidity(mode(form) === 'sweep' && !parseLearningRates(rates.value)
    ? 'Give one or more numbers separated by commas.' : '');
  clearBlame(form);
  return form.reportValidity();
}

function clearBlame(form) {
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
}

/** Marks the inputs behind request fields such as `base.epochs` or `grid.learningRate[1]`, and focuses the first. */
export function blame(form, fields) {
  clearBlame(form);
  fields.forEach((field) => {
    const name = field.split(/[./]/).filter(Boolean).at(-1).replace(/\[\d+\]$/, '');
    const input = form.elements[field.startsWith('grid') ? 'learningRates' : INPUT_OF[name] ?? name];
    input?.setAttribute?.('aria-invalid', 'true');
  });
  form.querySelector('[aria-invalid="true"]')?.focus();
}
