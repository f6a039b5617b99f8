#!/bin/sh
# Runs the long-series benchmarks, each in a JVM of its own through run-ingestion-benchmark.sh: reads and
# exports of 1M and 10M-point series from a service at -Xmx256m, then ingestion with and without rollups.
# Arguments go to those JVMs, e.g. -Dbench.bigSeries=2000000.
set -eu
here=$(dirname "$0")
BENCH_MAIN=dev.trainboard.metrics.bench.LongSeriesBenchmark "$here/run-ingestion-benchmark.sh" "$@"
BENCH_MAIN=dev.trainboard.metrics.ingest.RollupIngestionBenchmark "$here/run-ingestion-benchmark.sh" "$@"
