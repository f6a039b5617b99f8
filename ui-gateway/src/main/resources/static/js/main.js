// Wires the page together: the token, the auto-refreshing job list, the detail panel and the form.

import {
  ApiError, cancelJob, getJob, listJobs, newIdempotencyKey, submitJob, submitSweep, tokenStore,
} from './api.js';
import { JobDetail } from './job-detail.js';
import { renderJobs } from './job-list.js';
import { blame, mode, readJob, readSweep, showMode, validate } from './submit-form.js';

const REFRESH_MILLIS = 3000;
const PAGE_SIZE = 20;

const byId = (id) => document.getElementById(id);
const ui = {
  tokenForm: byId('token-form'),
  tokenState: byId('token-state'),
  filters: byId('filter-form'),
  jobsMessage: byId('jobs-message'),
  rows: byId('job-rows'),
  previous: byId('previous-page'),
  next: byId('next-page'),
  pageState: byId('page-state'),
  submitForm: byId('submit-form'),
  submitButton: byId('submit-button'),
  submitMessage: byId('submit-message'),
};
const detail = new JobDetail(byId('job-detail'));
const list = { page: 0, total: 0, jobs: [], loading: false };
// Kept while a submission got no answer, so that pressing Submit again cannot create the job twice.
let pendingSubmission = null;

// Live regions announce every change, so text is only replaced when it really changes.
function say(element, text, isError = false) {
  if (element.textContent !== text) element.textContent = text;
  element.classList.toggle('error', isError);
}

function explain(error) {
  if (!(error instanceof ApiError)) return 'The gateway cannot be reached.';
  if (error.status === 401) return 'The gateway did not accept this token. Enter a valid API token.';
  if (error.status === 403) return 'This token may not do that: submitting and cancelling need a submitter token.';
  return error.message;
}

function showToken() {
  say(ui.tokenState, tokenStore.get() ? 'Token kept for this tab.' : 'No token yet.');
}

async function refresh() {
  if (!tokenStore.get()) {
    say(ui.jobsMessage, 'Enter an API token above to see the jobs.');
    renderJobs(ui.rows, [], null);
    return;
  }
  if (list.loading) return;
  list.loading = true;
  try {
    const filters = new FormData(ui.filters);
    const answer = await listJobs({
      status: filters.get('status'), sweep: filters.get('sweep').trim(), page: list.page, size: PAGE_SIZE,
    });
    list.jobs = answer.items;
    list.total = answer.total;
    renderJobs(ui.rows, list.jobs, detail.jobId);
    say(ui.jobsMessage, '');
    showPager();
  } catch (error) {
    say(ui.jobsMessage, explain(error), true);
  } finally {
    list.loading = false;
  }
}

function showPager() {
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  ui.pageState.textContent = `Page ${list.page + 1} of ${pages} · ${list.total} jobs · updated ${new Date().toLocaleTimeString()}`;
  ui.previous.disabled = list.page === 0;
  ui.next.disabled = list.page + 1 >= pages;
}

function turnPage(delta) {
  list.page = Math.max(0, list.page + delta);
  refresh();
}

function rememberSelection(jobId) {
  history.replaceState(null, '', jobId ? `#job=${encodeURIComponent(jobId)}` : location.pathname + location.search);
}

function select(job) {
  detail.open(job);
  rememberSelection(job.id);
  renderJobs(ui.rows, list.jobs, job.id);
}

async function cancel(job) {
  if (!window.confirm(`Cancel ${job.runName}?`)) return;
  try {
    await cancelJob(job.id);
    say(ui.jobsMessage, `Asked the trainer to cancel ${job.runName}.`);
    refresh();
  } catch (error) {
    say(ui.jobsMessage, explain(error), true);
  }
}

function onRowAction(event) {
  const button = event.target.closest('button[data-action]');
  const job = button && list.jobs.find((candidate) => candidate.id === button.dataset.job);
  if (!job) return;
  if (button.dataset.action === 'select') select(job);
  if (button.dataset.action === 'cancel') cancel(job);
}

function submittedText(answer) {
  const jobs = Array.isArray(answer) ? answer : answer.jobs ?? answer.items ?? [answer];
  const names = jobs.map((job) => job.runName).join(', ');
  return jobs.length === 1 ? `Submitted ${names}.` : `Submitted ${jobs.length} jobs: ${names}.`;
}

async function onSubmit(event) {
  event.preventDefault();
  const form = ui.submitForm;
  if (!validate(form)) return;
  ui.submitButton.disabled = true;
  say(ui.submitMessage, 'Submitting…');
  const isSweep = mode(form) === 'sweep';
  const request = isSweep ? readSweep(form) : readJob(form);
  const body = JSON.stringify(request);
  if (pendingSubmission?.body !== body) {
    pendingSubmission = { body, key: newIdempotencyKey() };
  }
  try {
    const send = isSweep ? submitSweep : submitJob;
    const answer = await send(request, pendingSubmission.key);
    pendingSubmission = null;
    say(ui.submitMessage, submittedText(answer));
    list.page = 0;
    refresh();
  } catch (error) {
    if (error instanceof ApiError) {
      pendingSubmission = null;
      blame(form, error.fields);
      say(ui.submitMessage, explain(error), true);
    } else {
      say(ui.submitMessage, 'The gateway cannot be reached. Submitting again is safe: it will not create a second job.', true);
    }
  } finally {
    ui.submitButton.disabled = false;
  }
}

/** A link may carry `#token=...` (taken into session storage and removed from the address) and `#job=<id>`. */
async function readAddress() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('token')) tokenStore.set(fragment.get('token'));
  const jobId = fragment.get('job');
  rememberSelection(jobId);
  if (jobId && tokenStore.get()) {
    try {
      detail.open(await getJob(jobId));
    } catch (error) {
      say(ui.jobsMessage, explain(error), true);
    }
  }
}

ui.tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = ui.tokenForm.elements.token.value.trim();
  if (value) tokenStore.set(value);
  showToken();
  refresh();
});
byId('forget-token').addEventListener('click', () => {
  tokenStore.clear();
  ui.tokenForm.elements.token.value = '';
  detail.close();
  rememberSelection(null);
  showToken();
  refresh();
});
byId('close-detail').addEventListener('click', () => {
  detail.close();
  rememberSelection(null);
  renderJobs(ui.rows, list.jobs, null);
  byId('jobs-heading').focus();
});
ui.filters.addEventListener('submit', (event) => event.preventDefault());
ui.filters.addEventListener('input', () => { list.page = 0; refresh(); });
ui.previous.addEventListener('click', () => turnPage(-1));
ui.next.addEventListener('click', () => turnPage(1));
ui.rows.addEventListener('click', onRowAction);
ui.submitForm.addEventListener('change', (event) => { if (event.target.name === 'mode') showMode(ui.submitForm); });
ui.submitForm.addEventListener('submit', onSubmit);
setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, REFRESH_MILLIS);

showMode(ui.submitForm);
await readAddress();
showToken();
refresh();
