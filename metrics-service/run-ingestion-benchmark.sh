#!/bin/sh
# Runs IngestionBenchmark (or the main class BENCH_MAIN names) in a JVM of its own, under the team's
# benchmark lock (docs/benchmarks.md). Arguments go to that JVM, e.g. -Dbench.jobs=3. The events and tfevents classes come from this checkout,
# not from the local Maven repository, so no `mvn install` is needed.
set -eu
cd "$(dirname "$0")/.."
# One invocation: only in the reactor that compiled them are the events and tfevents modules resolvable
# (metrics-service, built last, writes the classpath file last).
mvn -B -o -q -pl metrics-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/metrics-service/target/bench-classpath.txt"
deps=$(tr ':' '\n' < metrics-service/target/bench-classpath.txt | grep -v '/dev/trainboard/' | paste -sd: -)
classes=metrics-service/target/test-classes:metrics-service/target/classes:events/target/classes:tfevents/target/classes
# The JVM's own JIT settings, as the service runs. Without tiered compilation short bursts looked faster, but
# 15 s bursts drained slowly in some runs (docs/benchmarks.md).
exec flock /tmp/trainboard-bench.lock java "$@" -cp "$classes:$deps" \
    "${BENCH_MAIN:-dev.trainboard.metrics.bench.IngestionBenchmark}"
