// Cases for js/format.js.

import { formatDuration, formatInteger, formatMetric, isTerminal } from '../format.js';
import { equal } from './assert.js';

export const cases = {
  'durations read in the two largest units': () => {
    equal([5, 81, 3725, 0].map(formatDuration), ['5s', '1m 21s', '1h 02m', '0s'], 'durations');
  },
  'an unknown or negative duration says so': () => {
    equal([-1, NaN, Infinity].map(formatDuration), ['unknown', 'unknown', 'unknown'], 'durations');
  },
  'steps get thousands separators and metrics four significant digits': () => {
    equal([formatInteger(1200), formatMetric(0.97123), formatMetric(0.1)], ['1,200', '0.9712', '0.1000'], 'text');
  },
  'only SUCCEEDED, FAILED and CANCELLED are terminal': () => {
    equal(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map(isTerminal),
      [false, false, true, true, true], 'terminal');
  },
};
