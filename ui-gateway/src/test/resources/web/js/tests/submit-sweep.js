// Uses the real page as a person would: waits for the job list, switches the form to a sweep, types two
// learning rates and submits. The gateway forbids framing its page, so this document takes on the body
// of index.html and starts the page's own main.js in it. The token comes in this page's query string.

import { until } from './assert.js';

const token = new URLSearchParams(location.search).get('token');
const index = new DOMParser().parseFromString(await (await fetch('/')).text(), 'text/html');
const base = document.createElement('base');
base.href = '/';
document.head.prepend(base);
document.body.replaceChildren(...[...index.body.childNodes].map((node) => document.importNode(node, true)));
const outcome = document.createElement('output');
outcome.id = 'outcome';
document.body.append(outcome);

try {
  const address = new URL(location.href);
  address.hash = `token=${encodeURIComponent(token)}`;
  history.replaceState(null, '', address);
  await import('../main.js');
  await until(() => document.querySelectorAll('#job-rows tr[data-job]').length > 0, 'job list shown');

  document.querySelector('input[name=mode][value=sweep]').click();
  document.getElementById('sweepName').value = 'tutorial-lr';
  document.getElementById('learningRates').value = '0.001, 0.01';
  document.getElementById('epochs').value = '1';
  document.getElementById('submit-button').click();

  const message = document.getElementById('submit-message');
  await until(() => message.textContent.startsWith('Submitted'), `submission confirmed (page says "${message.textContent}")`);
  outcome.textContent = message.textContent;
} catch (error) {
  outcome.textContent = `failed: ${error.message}`;
}
