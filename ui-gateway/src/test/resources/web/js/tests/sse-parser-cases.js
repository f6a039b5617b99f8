// Cases for js/sse.js: line ends, fields and comments as the HTML standard defines them, and chunks
// cut anywhere.

import { SseParser } from '../sse.js';
import { equal } from './assert.js';

const STREAM = 'event: status\r\ndata: {"status":"RUNNING"}\r\n\r\n: keep-alive\n\nevent: scalars\ndata: [1,\ndata: 2]\n\n';
const STREAM_EVENTS = [
  { type: 'status', data: '{"status":"RUNNING"}' },
  { type: 'scalars', data: '[1,\n2]' },
];

function parse(chunks) {
  const events = [];
  const parser = new SseParser((event) => events.push(event));
  chunks.forEach((chunk) => parser.push(chunk));
  return events;
}

const expectations = {
  'an event with a type and LF line ends': [['event: status\ndata: {"a":1}\n\n'], [{ type: 'status', data: '{"a":1}' }]],
  'an event without a type is a message': [['data: plain\n\n'], [{ type: 'message', data: 'plain' }]],
  'CRLF split between CR and LF is one line end': [['data: a\r', '\n\r', '\n'], [{ type: 'message', data: 'a' }]],
  'CR alone ends a line': [['data: x\r\r'], [{ type: 'message', data: 'x' }]],
  'data lines are joined with LF': [['data: one\ndata: two\n\n'], [{ type: 'message', data: 'one\ntwo' }]],
  'comments, id and retry are ignored': [[': ping\nid: 7\nretry: 100\ndata: z\n\n'], [{ type: 'message', data: 'z' }]],
  'an event without data is dropped and its type forgotten':
    [['event: status\n\ndata: q\n\n'], [{ type: 'message', data: 'q' }]],
  'a field without a colon has an empty value': [['data\n\n'], [{ type: 'message', data: '' }]],
  'only one space after the colon is removed': [['data:x\n\ndata:  y\n\n'],
    [{ type: 'message', data: 'x' }, { type: 'message', data: ' y' }]],
  'an unfinished event is not dispatched': [['data: partial\n'], []],
  'a stream read in one chunk': [[STREAM], STREAM_EVENTS],
  'a stream read one character at a time': [[...STREAM], STREAM_EVENTS],
};
for (let cut = 1; cut < STREAM.length; cut++) {
  expectations[`a stream cut at character ${cut}`] = [[STREAM.slice(0, cut), STREAM.slice(cut)], STREAM_EVENTS];
}

export const cases = Object.fromEntries(Object.entries(expectations)
  .map(([name, [chunks, expected]]) => [name, () => equal(parse(chunks), expected, 'events')]));
