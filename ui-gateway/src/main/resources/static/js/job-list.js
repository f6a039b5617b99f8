// Renders the job table. Rows are rebuilt on every refresh, so focus is carried over to the
// equivalent control of the new row; otherwise a keyboard user would lose their place every few seconds.

import { formatDuration, formatInteger, formatMetric, formatTime, isTerminal } from './format.js';

function element(tag, { className, text, attributes = {} } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  node.append(...children);
  return node;
}

function runCell(job) {
  const select = element('button', {
    className: 'link',
    text: job.runName,
    attributes: { type: 'button', 'data-action': 'select', 'data-job': job.id, 'aria-controls': 'job-detail' },
  });
  const sweep = job.sweep ? [element('span', { className: 'sweep', text: `sweep ${job.sweep}` })] : [];
  return element('td', {}, [select, ...sweep]);
}

function statusCell(job) {
  const attempt = job.attempt > 1 ? ` (attempt ${job.attempt})` : '';
  return element('td', {}, [element('span', { className: `status status-${job.status}`, text: job.status }), attempt]);
}

function progressSummary(progress) {
  const epoch = Math.min(progress.epoch + 1, progress.epochs);
  return [
    `epoch ${epoch}/${progress.epochs}`,
    `step ${formatInteger(progress.step)}/${formatInteger(progress.totalSteps)}`,
    `${formatInteger(Math.round(progress.imagesPerSecond))} img/s`,
    `ETA ${formatDuration(progress.etaSeconds)}`,
  ].join(' · ');
}

function progressCell(job) {
  const cell = element('td');
  const progress = job.progress;
  if (progress || job.status === 'SUCCEEDED') {
    const bar = element('progress', { attributes: { 'aria-label': `Progress of ${job.runName}` } });
    bar.max = progress?.totalSteps ?? 1;
    bar.value = job.status === 'SUCCEEDED' ? bar.max : progress.step;
    cell.append(bar);
  }
  if (job.status === 'FAILED') {
    cell.append(element('span', { className: 'error-text', text: job.error ?? 'failed' }));
  } else if (job.status === 'SUCCEEDED' && job.finalMetrics) {
    const metrics = Object.entries(job.finalMetrics).map(([name, value]) => `${name} ${formatMetric(value)}`);
    cell.append(element('span', { className: 'progress-text', text: metrics.join(' · ') }));
  } else if (progress && !isTerminal(job.status)) {
    cell.append(element('span', { className: 'progress-text', text: progressSummary(progress) }));
  } else if (job.status === 'QUEUED') {
    cell.append(element('span', { className: 'progress-text', text: 'waiting for a trainer' }));
  }
  return cell;
}

function actionCell(job) {
  if (isTerminal(job.status)) {
    return element('td');
  }
  const cancel = element('button', {
    className: 'secondary',
    text: 'Cancel',
    attributes: { type: 'button', 'data-action': 'cancel', 'data-job': job.id, 'aria-label': `Cancel ${job.runName}` },
  });
  return element('td', {}, [cancel]);
}

function row(job, selectedId) {
  const attributes = { 'data-job': job.id, 'data-status': job.status };
  if (job.id === selectedId) attributes['aria-current'] = 'true';
  return element('tr', { attributes }, [
    runCell(job),
    statusCell(job),
    progressCell(job),
    element('td', { text: job.device ?? job.spec?.device ?? '' }),
    element('td', { className: 'created' }, [
      element('time', { text: formatTime(job.createdAt), attributes: { datetime: job.createdAt ?? '' } }),
    ]),
    actionCell(job),
  ]);
}

export function renderJobs(tbody, jobs, selectedId) {
  const focused = document.activeElement;
  const focusKey = tbody.contains(focused) ? [focused.dataset.job, focused.dataset.action] : null;
  const rows = jobs.map((job) => row(job, selectedId));
  if (rows.length === 0) {
    rows.push(element('tr', {}, [element('td', { className: 'empty', text: 'No jobs yet.', attributes: { colspan: '6' } })]));
  }
  tbody.replaceChildren(...rows);
  if (focusKey) {
    tbody.querySelector(`[data-job="${CSS.escape(focusKey[0])}"][data-action="${focusKey[1]}"]`)?.focus();
  }
}
