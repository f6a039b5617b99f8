// Job views as the gateway answers them, for the cases.

export function job(overrides = {}) {
  return {
    id: '6f1c2e1a-0000-4000-8000-000000000001',
    runName: 'lr-0.001',
    sweep: 'lr',
    spec: { runName: 'lr-0.001', dataset: 'mnist', epochs: 2, batchSize: 100, learningRate: 0.001, hiddenSize: 500,
      optimizer: 'adam', seed: 42, device: 'auto', logEverySteps: 100, trainLimit: null, testLimit: null, sweep: 'lr' },
    status: 'RUNNING',
    attempt: 1,
    device: 'cpu',
    host: 'trainer-1',
    error: null,
    progress: { epoch: 0, epochs: 2, step: 540, totalSteps: 1200, imagesPerSecond: 812.4, etaSeconds: 81, loss: 0.41 },
    finalMetrics: null,
    createdAt: '2026-11-27T12:00:00Z',
    startedAt: '2026-11-27T12:00:05Z',
    finishedAt: null,
    ...overrides,
  };
}
