// A line chart of a run's scalars: loss tags on the left axis, the others (accuracy) on the right. Dragging
// across it asks for a range of steps, a double-click for the whole run again; the owner reads the points.
// Chart.js comes from its webjar as a classic script and is read from the global scope; should it fail
// to load, the page still works and the text summary below the chart still follows the points.

import { formatInteger, formatMetric } from './format.js';

const COLOURS = ['#0b5fbf', '#c2410c', '#1a7f37', '#7c3aed', '#b42318', '#0e7490'];

const isLoss = (tag) => tag.toLowerCase().includes('loss');

/** A drag shorter than this is a click, not a zoom. */
const MIN_DRAG_PIXELS = 5;

export class LiveChart {
  #chart;
  #summary;
  #series = new Map();
  #zoomed = null;

  /** `onZoom` gets the steps `{from, to}` dragged across, or null on a double-click. */
  constructor(canvas, summary, onZoom = () => {}) {
    this.#summary = summary;
    this.#chart = window.Chart && new window.Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step' } },
          loss: { type: 'linear', position: 'left', title: { display: true, text: 'loss' } },
          accuracy: {
            type: 'linear', position: 'right', min: 0, max: 1,
            title: { display: true, text: 'accuracy' }, grid: { drawOnChartArea: false },
          },
        },
      },
    });
    if (this.#chart) {
      this.#listenForZoom(canvas, onZoom);
    }
  }

  #listenForZoom(canvas, onZoom) {
    let start = null;
    const x = (event) => event.clientX - canvas.getBoundingClientRect().left;
    canvas.style.cursor = 'crosshair';
    canvas.addEventListener('pointerdown', (event) => {
      start = x(event);
    });
    canvas.addEventListener('pointerup', (event) => {
      if (start === null) {
        return;
      }
      const [left, right] = [start, x(event)].sort((a, b) => a - b);
      start = null;
      if (right - left >= MIN_DRAG_PIXELS) {
        const scale = this.#chart.scales.x;
        onZoom({ from: Math.max(0, Math.ceil(scale.getValueForPixel(left))),
          to: Math.floor(scale.getValueForPixel(right)) });
      }
    });
    canvas.addEventListener('dblclick', () => onZoom(null));
  }

  /**
   * Replaces every point by `points`, the steps `range` (`{from, to}`, null: the whole run) read at
   * `resolution` steps per stored bucket.
   */
  show(points, range, resolution) {
    this.#zoomed = range && { ...range, resolution };
    this.#series.clear();
    if (this.#chart) {
      this.#chart.data.datasets = [];
      this.#chart.options.scales.x.min = range?.from;
      this.#chart.options.scales.x.max = range?.to;
    }
    this.add(points);
  }

  clear() {
    this.show([], null, 1);
  }

  /** Adds points `{tag, step, value}`; a step a series already has is ignored, so replays are harmless. */
  add(points) {
    points.forEach((point) => this.#datasetFor(point.tag).insert(point));
    this.#chart?.update();
    this.#describe();
  }

  #datasetFor(tag) {
    let series = this.#series.get(tag);
    if (!series) {
      const colour = COLOURS[this.#series.size % COLOURS.length];
      const dataset = {
        label: tag, data: [], yAxisID: isLoss(tag) ? 'loss' : 'accuracy',
        borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0, tension: 0.2,
      };
      series = new Series(dataset);
      this.#series.set(tag, series);
      this.#chart?.data.datasets.push(dataset);
    }
    return series;
  }

  #describe() {
    const latest = [...this.#series.values()].map((series) => series.latest()).filter(Boolean);
    this.#summary.textContent = (latest.length === 0
      ? 'No points yet.'
      : 'Latest: ' + latest.map(({ tag, x, y }) => `${tag} ${formatMetric(y)} at step ${formatInteger(x)}`).join('; ') + '.')
      + (this.#zoomed ? ` ${zoomText(this.#zoomed)}` : '');
  }
}

function zoomText({ from, to, resolution }) {
  const read = resolution > 1 ? `buckets of ${formatInteger(resolution)} steps` : 'every point';
  return `Steps ${formatInteger(from)} to ${formatInteger(to)} (${read}); double-click for the whole run.`;
}

/** One tag's points, kept sorted by step. */
class Series {
  #steps = new Set();

  constructor(dataset) {
    this.dataset = dataset;
  }

  insert({ step, value }) {
    if (this.#steps.has(step)) {
      return;
    }
    this.#steps.add(step);
    const data = this.dataset.data;
    const point = { x: step, y: value };
    if (data.length === 0 || data[data.length - 1].x < step) {
      data.push(point);
    } else {
      data.splice(data.findIndex((existing) => existing.x > step), 0, point);
    }
  }

  latest() {
    const last = this.dataset.data.at(-1);
    return last && { tag: this.dataset.label, ...last };
  }
}
