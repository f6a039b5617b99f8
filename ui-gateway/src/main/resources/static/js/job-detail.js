// The panel of the selected job: its facts and a chart of its scalars, fed by the job's event stream
// while the job runs.

import { ApiError, jobScalars, streamJob } from './api.js';
import { DigitBox } from './digit-box.js';
import { LiveChart } from './live-chart.js';
import { formatTime, isTerminal } from './format.js';

const FINISHED_JOB_POINTS = 500;
const RECONNECT_MILLIS = 3000;

export class JobDetail {
  #panel;
  #heading;
  #facts;
  #chart;
  #summary;
  #digits;
  #stream = null;
  #jobId = null;

  constructor(panel) {
    this.#panel = panel;
    this.#heading = panel.querySelector('#detail-heading');
    this.#facts = panel.querySelector('#detail-facts');
    this.#summary = panel.querySelector('#chart-summary');
    this.#chart = new LiveChart(panel.querySelector('#scalar-chart'), this.#summary, (range) => this.#zoom(range));
    this.#digits = new DigitBox(panel.querySelector('#digit-box'));
  }

  get jobId() {
    return this.#jobId;
  }

  open(job) {
    this.close();
    this.#jobId = job.id;
    this.#panel.hidden = false;
    this.#heading.textContent = `Run ${job.runName}`;
    this.#show(job);
    this.#chart.clear();
    this.#stream = new AbortController();
    this.#follow(job, this.#stream.signal);
    this.#heading.focus();
  }

  close() {
    this.#stream?.abort();
    this.#stream = null;
    this.#jobId = null;
    this.#panel.hidden = true;
  }

  async #follow(job, signal) {
    let status = job.status;
    const onEvent = (event) => {
      const data = JSON.parse(event.data);
      if (event.type === 'status') {
        status = data.status;
        this.#show(data);
      } else if (event.type === 'scalars') {
        this.#chart.add(data);
      } else if (event.type === 'end') {
        status = data.status;
      } else if (event.type === 'problem') {
        this.#summary.textContent = `${data.detail ?? 'The stream was interrupted'}. Reconnecting…`;
      }
    };
    try {
      // A finished job's points are all stored; a running job's stream starts with every point so far.
      if (isTerminal(status)) {
        this.#chart.add((await jobScalars(job.id, FINISHED_JOB_POINTS)).points);
      }
      while (!isTerminal(status)) {
        try {
          await streamJob(job.id, onEvent, signal);
        } catch (error) {
          // A dropped connection is retried; an answer such as 401 or 404 is not going to change.
          if (error instanceof ApiError || signal.aborted) {
            throw error;
          }
        }
        if (!isTerminal(status)) {
          await new Promise((resolve) => setTimeout(resolve, RECONNECT_MILLIS));
        }
      }
    } catch (error) {
      if (!signal.aborted) {
        this.#summary.textContent = `The chart stopped: ${error.message}`;
      }
    }
  }

  /** Shows the steps of `range` (null: all of them) at the chart's resolution, read again from the gateway. */
  async #zoom(range) {
    const jobId = this.#jobId;
    try {
      const { points, resolution } = await jobScalars(jobId, FINISHED_JOB_POINTS, range);
      if (this.#jobId === jobId) {
        this.#chart.show(points, range, resolution);
      }
    } catch (error) {
      if (this.#jobId === jobId) {
        this.#summary.textContent = `The zoom failed: ${error.message}`;
      }
    }
  }

  #show(job) {
    this.#digits.show(job);
    const spec = job.spec ?? {};
    const facts = [
      ['Status', job.status],
      ['Data set', spec.dataset],
      ['Learning rate', spec.learningRate],
      ['Optimizer', spec.optimizer],
      ['Epochs', spec.epochs],
      ['Batch size', spec.batchSize],
      ['Device', job.device ?? spec.device],
      ['Host', job.host],
      ['Started', formatTime(job.startedAt)],
      ['Finished', formatTime(job.finishedAt)],
      ...Object.entries(job.finalMetrics ?? {}),
      ['Error', job.error],
    ].filter(([, value]) => value !== undefined && value !== null && value !== '');
    this.#facts.replaceChildren(...facts.map(([name, value]) => {
      const term = document.createElement('dt');
      term.textContent = name;
      const description = document.createElement('dd');
      description.textContent = String(value);
      const pair = document.createElement('div');
      pair.append(term, description);
      return pair;
    }));
  }
}
