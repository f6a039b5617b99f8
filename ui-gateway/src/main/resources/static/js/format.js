// How numbers, durations and times read on the page.

const integer = new Intl.NumberFormat('en');
const time = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

export const formatInteger = (value) => integer.format(value);

/** Loss and accuracy values: four significant digits are what a reader compares. */
export const formatMetric = (value) => Number(value).toPrecision(4);

export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return 'unknown';
  }
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) {
    return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  }
  return minutes > 0 ? `${minutes}m ${String(rest).padStart(2, '0')}s` : `${rest}s`;
}

export const formatTime = (instant) => (instant ? time.format(new Date(instant)) : '');

export const isTerminal = (status) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status);
