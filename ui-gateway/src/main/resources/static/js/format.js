// How numbers, durations and times read on the page.

const integer = new Intl.NumberFormat('en');
const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

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

/** The time of day for today's instants, with the date for older ones. */
export function formatTime(instant) {
  if (!instant) {
    return '';
  }
  const date = new Date(instant);
  const today = date.toDateString() === new Date().toDateString();
  return today ? clock.format(date) : `${day.format(date)}, ${clock.format(date)}`;
}

export const isTerminal = (status) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status);
