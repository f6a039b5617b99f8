// Cases for js/digit-box.js with a scripted fetch(): what a drawing and a dropped PNG send, and what is shown.

import { DigitBox } from '../digit-box.js';
import { job } from './jobs.js';
import { equal, until } from './assert.js';

const SUCCEEDED = job({ status: 'SUCCEEDED', finishedAt: '2026-11-27T12:02:00Z' });
const PROBABILITIES = [0.01, 0.01, 0.02, 0.01, 0.01, 0.01, 0.01, 0.9, 0.01, 0.01];

const json = (body, status = 200) => new Response(JSON.stringify(body),
  { status, headers: { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json' } });

/** Answers every request with `answer()` and records it. */
function scriptFetch(answer) {
  const requests = [];
  window.fetch = async (url, options = {}) => {
    requests.push({ path: String(url), method: options.method, headers: options.headers ?? {}, body: options.body });
    return answer();
  };
  return requests;
}

/** The box inside a visible copy of the page's detail panel, showing a succeeded job. */
function openBox(fromPage) {
  const panel = fromPage('job-detail');
  panel.hidden = false;
  const box = new DigitBox(panel.querySelector('#digit-box'));
  box.show(SUCCEEDED);
  return panel;
}

function stroke(canvas, points) {
  const bounds = canvas.getBoundingClientRect();
  const at = ([x, y]) => ({ clientX: bounds.left + x * bounds.width, clientY: bounds.top + y * bounds.height,
    pointerId: 1, bubbles: true });
  canvas.dispatchEvent(new PointerEvent('pointerdown', at(points[0])));
  points.slice(1).forEach((point) => canvas.dispatchEvent(new PointerEvent('pointermove', at(point))));
  canvas.dispatchEvent(new PointerEvent('pointerup', at(points[points.length - 1])));
}

export const cases = {
  'the box shows for a succeeded job only': async ({ fromPage }) => {
    const panel = fromPage('job-detail');
    const section = panel.querySelector('#digit-box');
    const box = new DigitBox(section);
    const shown = (status) => {
      box.show(job({ status }));
      return !section.hidden;
    };
    equal(['QUEUED', 'RUNNING', 'FAILED', 'CANCELLED', 'SUCCEEDED'].map(shown), [false, false, false, false, true],
      'shown by status');
  },
  'a drawn digit goes as 784 centred grey values and its probabilities are shown': async ({ fromPage }) => {
    const requests = scriptFetch(() => json({ predictions: [{ digit: 7, probabilities: PROBABILITIES }] }));
    const panel = openBox(fromPage);
    // A "7" in the top left quarter of the box: the sent image is its ink scaled up and centred all the same.
    stroke(panel.querySelector('#digit-canvas'), [[0.1, 0.1], [0.4, 0.1], [0.2, 0.45]]);
    await until(() => panel.querySelector('#digit-message').textContent === 'Most likely 7.', 'answer shown');

    equal(requests.length, 1, 'requests');
    equal([requests[0].path, requests[0].method, requests[0].headers['Content-Type']],
      [`api/jobs/${SUCCEEDED.id}/predict`, 'POST', 'application/json'], 'request');
    const [image] = JSON.parse(requests[0].body).images;
    equal(image.length, 784, 'values');
    equal(image.every((value) => value >= 0 && value <= 1), true, 'values in 0..1');
    equal(image.some((value) => value > 0.9), true, 'ink');
    const inkAt = (x, y) => image[y * 28 + x] > 0;
    const columns = [...Array(28).keys()].filter((x) => [...Array(28).keys()].some((y) => inkAt(x, y)));
    const rows = [...Array(28).keys()].filter((y) => [...Array(28).keys()].some((x) => inkAt(x, y)));
    equal(Math.max(columns.length, rows.length) >= 19 && Math.max(columns.length, rows.length) <= 21, true,
      `ink spans 20 pixels (${columns.length}x${rows.length})`);
    equal(Math.abs((columns[0] + columns[columns.length - 1]) / 2 - 13.5) <= 1, true, 'centred across');
    equal(Math.abs((rows[0] + rows[rows.length - 1]) / 2 - 13.5) <= 1, true, 'centred down');

    const items = [...panel.querySelectorAll('#digit-probabilities li')];
    equal(items.length, 10, 'probabilities listed');
    equal(items.findIndex((item) => item.classList.contains('top')), 7, 'most likely digit marked');
    equal(items[7].querySelector('.value').textContent, '90.0 %', 'its probability');
  },
  'a dropped PNG goes as it is and the refusal is shown': async ({ fromPage }) => {
    const requests = scriptFetch(() => json({ title: 'Wrong image size', status: 400,
      detail: 'The image is 32x32 pixels; the model takes 28x28' }, 400));
    const panel = openBox(fromPage);
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'digit.png', { type: 'image/png' });
    const files = new DataTransfer();
    files.items.add(png);
    panel.querySelector('#digit-canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true,
      cancelable: true }));
    const message = panel.querySelector('#digit-message');
    await until(() => message.textContent === 'The image is 32x32 pixels; the model takes 28x28', 'refusal shown');

    equal([requests.length, requests[0].headers['Content-Type'], requests[0].body === png], [1, 'image/png', true],
      'the file sent as it is');
    equal(message.classList.contains('error'), true, 'shown as an error');
    equal(panel.querySelectorAll('#digit-probabilities li').length, 0, 'no probabilities');
  },
  'a file that is not a PNG is refused without asking': async ({ fromPage }) => {
    const requests = scriptFetch(() => json({}));
    const panel = openBox(fromPage);
    const files = new DataTransfer();
    files.items.add(new File(['7'], 'seven.txt', { type: 'text/plain' }));
    panel.querySelector('#digit-canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true,
      cancelable: true }));

    equal(panel.querySelector('#digit-message').textContent, 'seven.txt is not a PNG; drop a 28x28 grayscale PNG.',
      'message');
    equal(requests.length, 0, 'requests');
  },
};
