// Calls to the gateway's public API with the token the user typed in. Paths are relative so that the
// page keeps working behind a reverse proxy that mounts the gateway under a prefix.

import { SseParser } from './sse.js';

const TOKEN_KEY = 'trainboard.token';

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A non-2xx answer, carrying the RFC 9457 problem body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The gateway answered HTTP ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
  }

  static async of(response) {
    const type = response.headers.get('Content-Type') ?? '';
    const problem = type.includes('json') ? await response.json().catch(() => null) : null;
    return new ApiError(response.status, problem);
  }

  /** The request fields the problem's `errors` list blames, as the gateway spells them (e.g. `base.epochs`). */
  get fields() {
    return (this.problem.errors ?? []).map((error) => error.field).filter(Boolean);
  }
}

function authorized(headers = {}) {
  return { Authorization: `Bearer ${tokenStore.get()}`, ...headers };
}

/** The gateway's answer to a request, which must be a 2xx one; a Blob body (an image) is sent as it is. */
async function send(path, { method = 'GET', body, headers } = {}) {
  const raw = body instanceof Blob;
  const response = await fetch(path, {
    method,
    body: body === undefined || raw ? body : JSON.stringify(body),
    headers: authorized({
      Accept: 'application/json, application/problem+json',
      ...(body === undefined ? {} : { 'Content-Type': raw ? body.type : 'application/json' }),
      ...headers,
    }),
  });
  if (!response.ok) {
    throw await ApiError.of(response);
  }
  return response;
}

/** A JSON call; 204 answers null. */
async function call(path, options) {
  const response = await send(path, options);
  return response.status === 204 ? null : response.json();
}

export function listJobs({ status, sweep, page, size }) {
  const query = new URLSearchParams({ page, size });
  if (status) query.set('status', status);
  if (sweep) query.set('sweep', sweep);
  return call(`api/jobs?${query}`);
}

/** A fresh Idempotency-Key; getRandomValues, unlike randomUUID, also works on pages served over plain HTTP. */
export function newIdempotencyKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const submitJob = (spec, idempotencyKey) =>
  call('api/jobs', { method: 'POST', body: spec, headers: { 'Idempotency-Key': idempotencyKey } });

export const submitSweep = (sweep, idempotencyKey) =>
  call('api/sweeps', { method: 'POST', body: sweep, headers: { 'Idempotency-Key': idempotencyKey } });

export const getJob = (id) => call(`api/jobs/${encodeURIComponent(id)}`);

/** The job's model's class probabilities for a PNG (a Blob of type image/png) or a batch {images: [[784 values]]}. */
export const predictDigits = (id, images) =>
  call(`api/jobs/${encodeURIComponent(id)}/predict`, { method: 'POST', body: images });

export const cancelJob = (id) => call(`api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });

/**
 * Every scalar series of a job, at most `maxPoints` points per tag (the gateway downsamples longer ones), of the
 * steps `{from, to}` when a range is given: `{points, resolution}`, where resolution is the coarsest the
 * gateway read at, in steps per stored bucket (1: every point).
 */
export async function jobScalars(id, maxPoints, range = null) {
  const job = `api/jobs/${encodeURIComponent(id)}`;
  const tags = await call(`${job}/tags`);
  const query = (tag) => {
    const params = new URLSearchParams({ tag, maxPoints });
    if (range && range.from > 0) params.set('afterStep', range.from - 1);
    if (range) params.set('beforeStep', range.to + 1);
    return params;
  };
  const answers = await Promise.all((tags.scalars ?? []).map((tag) => send(`${job}/scalars?${query(tag)}`)));
  const resolution = Math.max(1, ...answers.map((answer) => Number(answer.headers.get(RESOLUTION_HEADER) ?? 1)));
  const series = await Promise.all(answers.map((answer) => answer.json()));
  return { points: series.flat(), resolution };
}

const RESOLUTION_HEADER = 'TrainBoard-Resolution';

/**
 * Opens the job's Server-Sent Events stream. EventSource cannot send an Authorization header, so the
 * stream is read with fetch() and parsed here; the promise settles when the server ends the stream.
 */
export async function streamJob(id, onEvent, signal) {
  const response = await fetch(`api/jobs/${encodeURIComponent(id)}/stream`, {
    signal,
    cache: 'no-store',
    headers: authorized({ Accept: 'text/event-stream' }),
  });
  if (!response.ok) {
    throw await ApiError.of(response);
  }
  const parser = new SseParser(onEvent);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    parser.push(value);
  }
}
