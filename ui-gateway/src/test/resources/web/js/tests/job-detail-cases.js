// Cases for js/job-detail.js with a scripted fetch(): how the panel follows a job's event stream.

import { JobDetail } from '../job-detail.js';
import { job } from './jobs.js';
import { equal, until } from './assert.js';

const RUNNING = job();
const SUCCEEDED = job({ status: 'SUCCEEDED', finalMetrics: { 'test accuracy': 0.9688 }, finishedAt: '2026-11-27T12:02:00Z' });
const POINTS = [
  { tag: 'training loss', step: 99, wallTime: 1, value: 0.6 },
  { tag: 'accuracy', step: 99, wallTime: 1, value: 0.8 },
  { tag: 'training loss', step: 199, wallTime: 2, value: 0.2 },
  { tag: 'accuracy', step: 199, wallTime: 2, value: 0.9 },
];
const SUMMARY = 'Latest: training loss 0.2000 at step 199; accuracy 0.9000 at step 199.';

/** An event-stream answer; it stays open when `open`, until the request's signal aborts it. */
function eventStream(events, signal, open = false) {
  const encoder = new TextEncoder();
  const body = new ReadableStream({
    start(controller) {
      events.forEach(([type, data]) => controller.enqueue(encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)));
      if (open) {
        signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      } else {
        controller.close();
      }
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

const json = (body, status = 200, headers = {}) => new Response(JSON.stringify(body),
  { status, headers: { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json', ...headers } });

/** Answers stream requests in turn from `streams` (functions of the request's signal) and the rest from the points. */
function scriptFetch(streams) {
  const requests = [];
  window.fetch = async (url, options = {}) => {
    const path = String(url);
    requests.push({ path, signal: options.signal, authorization: options.headers?.Authorization });
    if (path.endsWith('/stream')) {
      const answer = streams[requests.filter((request) => request.path.endsWith('/stream')).length - 1];
      return answer ? answer(options.signal) : json({ title: 'Gone', status: 410 }, 410);
    }
    if (path.endsWith('/tags')) {
      return json({ scalars: ['training loss', 'accuracy'], images: [] });
    }
    // Like the gateway: the steps after afterStep and before beforeStep, a range read from buckets of 32 steps.
    const query = new URL(path, location.href).searchParams;
    const after = Number(query.get('afterStep') ?? -1);
    const before = Number(query.get('beforeStep') ?? Infinity);
    return json(POINTS.filter((point) => point.tag === query.get('tag') && point.step > after && point.step < before),
      200, { 'TrainBoard-Resolution': query.has('beforeStep') ? '32' : '1' });
  };
  return {
    streams: () => requests.filter((request) => request.path.endsWith('/stream')),
    all: () => requests,
  };
}

const facts = (panel) => [...panel.querySelectorAll('#detail-facts div')].map((pair) => pair.textContent);
const summary = (panel) => panel.querySelector('#chart-summary').textContent;
const pause = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

export const cases = {
  'a running job is followed over its stream until the end event': async ({ fromPage }) => {
    sessionStorage.setItem('trainboard.token', 'token-1');
    const fetches = scriptFetch([(signal) => eventStream([
      ['status', RUNNING], ['scalars', POINTS], ['status', SUCCEEDED], ['end', { status: 'SUCCEEDED' }]], signal)]);
    const panel = fromPage('job-detail');
    new JobDetail(panel).open(RUNNING);
    await until(() => facts(panel).includes('StatusSUCCEEDED'), 'status SUCCEEDED shown');
    await pause(3500);
    equal(summary(panel), SUMMARY, 'chart summary');
    equal(facts(panel).includes('test accuracy0.9688'), true, 'final metric shown');
    equal(fetches.streams().length, 1, 'stream requests');
    equal(fetches.streams()[0].authorization, 'Bearer token-1', 'authorization header');
    equal(fetches.all().some((request) => request.path.endsWith('/tags')), false, 'stored points asked for');
  },
  'the end event alone stops the following': async ({ fromPage }) => {
    const fetches = scriptFetch([(signal) => eventStream([['status', RUNNING], ['end', { status: 'FAILED' }]], signal)]);
    const panel = fromPage('job-detail');
    new JobDetail(panel).open(RUNNING);
    await until(() => facts(panel).includes('StatusRUNNING'), 'status RUNNING shown');
    await pause(3500);
    equal(fetches.streams().length, 1, 'stream requests');
  },
  'a dropped stream shows the problem and is opened again': async ({ fromPage }) => {
    const fetches = scriptFetch([
      (signal) => eventStream([['status', RUNNING], ['problem', { detail: 'Lost contact with the metrics service' }]], signal),
      (signal) => eventStream([['status', SUCCEEDED], ['end', { status: 'SUCCEEDED' }]], signal),
    ]);
    const panel = fromPage('job-detail');
    new JobDetail(panel).open(RUNNING);
    await until(() => summary(panel) === 'Lost contact with the metrics service. Reconnecting…', 'problem shown');
    await until(() => facts(panel).includes('StatusSUCCEEDED'), 'status SUCCEEDED after reconnecting');
    equal(fetches.streams().length, 2, 'stream requests');
  },
  'a finished job shows its stored points and opens no stream': async ({ fromPage }) => {
    const fetches = scriptFetch([]);
    const panel = fromPage('job-detail');
    new JobDetail(panel).open(SUCCEEDED);
    await until(() => summary(panel) === SUMMARY, 'stored points charted');
    const scalarQueries = fetches.all().filter((request) => request.path.includes('/scalars?'))
      .map((request) => new URL(request.path, location.href).searchParams.toString());
    equal(scalarQueries, ['tag=training+loss&maxPoints=500', 'tag=accuracy&maxPoints=500'], 'scalar queries');
    equal(fetches.streams().length, 0, 'stream requests');
  },
  'dragging across the chart reads those steps again, a double-click the whole run': async ({ fromPage }) => {
    const fetches = scriptFetch([]);
    const panel = fromPage('job-detail');
    const canvas = panel.querySelector('#scalar-chart');
    canvas.parentElement.style.height = '300px';
    new JobDetail(panel).open(SUCCEEDED);
    await until(() => summary(panel) === SUMMARY, 'stored points charted');
    const chart = window.Chart.getChart(canvas);
    // Chart.js sizes itself on a rendering frame after its container is laid out, and under the runner's
    // virtual time the timers of until() can run out before a busy machine renders one: resize at once.
    chart.resize();
    chart.update('none');
    equal(chart.scales.x.width > 0, true, 'chart laid out');
    const at = (step) => canvas.getBoundingClientRect().left + chart.scales.x.getPixelForValue(step);

    canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: at(150), bubbles: true }));
    canvas.dispatchEvent(new PointerEvent('pointerup', { clientX: at(205), bubbles: true }));
    await until(() => summary(panel).includes('(buckets of 32 steps); double-click for the whole run.'), 'zoomed in');
    const zooms = fetches.all().filter((request) => request.path.includes('beforeStep'))
      .map((request) => new URL(request.path, location.href).searchParams);
    equal(zooms.map((query) => query.get('tag')), ['training loss', 'accuracy'], 'zoomed tags');
    equal(zooms.every((query) => ['149', '150'].includes(query.get('afterStep'))
      && ['205', '206'].includes(query.get('beforeStep')) && query.get('maxPoints') === '500'), true, 'zoomed range');
    equal(summary(panel).startsWith(`${SUMMARY} Steps 15`), true, 'zoomed summary');
    equal(chart.data.datasets.map((dataset) => dataset.data.map((point) => point.x)), [[199], [199]], 'zoomed points');

    canvas.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    await until(() => summary(panel) === SUMMARY, 'the whole run again');
    equal(chart.data.datasets.map((dataset) => dataset.data.length), [2, 2], 'points of the whole run');
    equal(chart.options.scales.x.min, undefined, 'no lower step bound');
  },
  'a refused stream stops the chart without retrying': async ({ fromPage }) => {
    const fetches = scriptFetch([() => json({ title: 'Not Found', status: 404, detail: 'No such job' }, 404)]);
    const panel = fromPage('job-detail');
    new JobDetail(panel).open(RUNNING);
    await until(() => summary(panel) === 'The chart stopped: No such job', 'refusal shown');
    await pause(3500);
    equal(fetches.streams().length, 1, 'stream requests');
  },
  'closing the panel ends its stream': async ({ fromPage }) => {
    const fetches = scriptFetch([(signal) => eventStream([['status', RUNNING]], signal, true)]);
    const panel = fromPage('job-detail');
    const detail = new JobDetail(panel);
    detail.open(RUNNING);
    await until(() => facts(panel).includes('StatusRUNNING'), 'status RUNNING shown');
    detail.close();
    equal([panel.hidden, detail.jobId, fetches.streams()[0].signal.aborted], [true, null, true], 'after closing');
    await pause(3500);
    equal(fetches.streams().length, 1, 'stream requests');
  },
};
