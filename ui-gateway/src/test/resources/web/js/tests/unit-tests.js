// Runs the cases of the page's modules in the browser, one after another, and writes the outcome into
// the DOM for WebPageIntegrationTests to read. Fixtures come from the real index.html, so the cases
// exercise the markup users get.

import { cases as digitBoxCases } from './digit-box-cases.js';
import { cases as formatCases } from './format-cases.js';
import { cases as jobDetailCases } from './job-detail-cases.js';
import { cases as jobListCases } from './job-list-cases.js';
import { cases as sseCases } from './sse-parser-cases.js';
import { cases as submitFormCases } from './submit-form-cases.js';

const suites = { 'digit box': digitBoxCases, format: formatCases, 'job detail': jobDetailCases, 'job list': jobListCases,
  'SSE parser': sseCases, 'submit form': submitFormCases };

const page = new DOMParser().parseFromString(await (await fetch('/')).text(), 'text/html');
const fixture = document.getElementById('fixture');
const realFetch = window.fetch;

/** Puts a fresh copy of one element of index.html (by id) into the fixture area and returns it. */
function fromPage(id) {
  const copy = document.importNode(page.getElementById(id), true);
  fixture.replaceChildren(copy);
  return copy;
}

const failures = [];
let count = 0;
for (const [suite, cases] of Object.entries(suites)) {
  for (const [name, run] of Object.entries(cases)) {
    count += 1;
    try {
      await run({ fromPage });
    } catch (error) {
      failures.push(`${suite}: ${name}: ${error.message}`);
    } finally {
      window.fetch = realFetch;
      fixture.replaceChildren();
    }
  }
}

const results = document.getElementById('results');
results.dataset.cases = count;
results.dataset.passed = count - failures.length;
results.textContent = `${results.dataset.passed} of ${count} passed`;
document.getElementById('failures').append(...failures.map((failure) => {
  const item = document.createElement('li');
  item.textContent = failure;
  return item;
}));
