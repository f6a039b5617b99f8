# `./trainboard bench [COMPONENT|all]`: builds and runs the benchmark harnesses of this checkout and prints one
# table of their figures, each next to a baseline measured in the same run, and the machine they ran on.
# Sourced by ./trainboard, whose helpers (say, fail, require_packages) and settings it uses.
#
# A harness prints each figure as one tab-separated line, which is all this file reads of its output:
#   BENCH  component  figure  value  unit  baseline name  baseline value  ratio (value / baseline)
# and, for a figure or a baseline it cannot measure on this machine:
#   BENCH-SKIP  component  what  why

# One line per harness: adding a harness is adding its line. The fields are the component, the Maven module, the
# harness's main class on that module's test classpath (built with the profile `bench`, run in the module's
# directory) and the JVM's options, where NAME=value words go to its environment instead. A harness that is not
# a Java main names `-` as its module and gives a command to run from the repository root instead of a class.
BENCH_HARNESSES=(
  "tfevents tfevents dev.trainboard.tfevents.bench.ScalarWriteBenchmark"
  "ingest metrics-service dev.trainboard.metrics.bench.IngestionBenchmark"
  "reject metrics-service dev.trainboard.metrics.bench.RejectBenchmark"
  "query metrics-service dev.trainboard.metrics.bench.LongSeriesBenchmark"
  "rollups metrics-service dev.trainboard.metrics.ingest.RollupIngestionBenchmark"
  "scale e2e-tests dev.trainboard.e2e.ScaleBenchmark"
  "train trainer-service dev.trainboard.trainer.bench.TrainingBenchmark ${TRAINER_ALLOCATOR[*]} -Xmx2g -Dai.djl.offline=true -Dbench.rounds=${TRAINBOARD_BENCH_ROUNDS:-3}"
)
# Every component docs/benchmarks.md reports, in the order of the table.
BENCH_COMPONENTS=(tfevents ingest rollups train reject scale query)
BENCH_LOCK=/tmp/trainboard-bench.lock
BENCH_DIR="$STATE/bench"

# What a harness needs besides Java and Maven: Debian packages (see require_packages) and data.
bench_needs() {
  case "$1" in
    train)
      require_packages gcc "$C_HEADERS" "libjemalloc2=$JEMALLOC" \
        python3-torch=/usr/lib/python3/dist-packages/torch/__init__.py \
        python3-torchvision=/usr/lib/python3/dist-packages/torchvision/__init__.py
      ;;
  esac
  case "$1" in
    train | scale)
      # MNIST in the checkout's data/: the training harness reads it as the trainer's tests do, the scale
      # harness's platform as ./trainboard's trainers do.
      [[ -f "$ROOT/data/mnist/train-images-idx3-ubyte" ]] || "$ROOT/platform/fetch-mnist.sh" "$ROOT/data"
      ;;
  esac
}

bench_harness_of() {
  local line
  for line in "${BENCH_HARNESSES[@]}"; do
    [[ "${line%% *}" == "$1" ]] && { echo "$line"; return 0; }
  done
  return 1
}

bench_machine() {
  local cpu family memory pti
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  family="$(awk -F': ' '/^cpu family/ { print $2; exit }' /proc/cpuinfo)"
  memory="$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  # Whether the kernel isolates page tables: there every system call also costs the TLB (docs/benchmarks.md).
  pti="$(cat /sys/devices/system/cpu/vulnerabilities/meltdown 2>/dev/null || echo unknown)"
  printf '%s (family %s), %s cores, %s, page-table isolation: %s, %s' "$cpu" "$family" "$(nproc)" "$memory" \
    "$pti" "$(java -version 2>&1 | head -n 1)"
}

# bench_java MODULE MAIN [OPTION|NAME=value ...]: builds MODULE and what it depends on through the reactor (no
# `mvn install`: the checkout's own classes of events and tfevents are on the classpath), then runs MAIN.
bench_java() {
  local module="$1" main="$2" option environment=() options=()
  shift 2
  for option in "$@"; do
    if [[ "$option" =~ ^[A-Z_][A-Z0-9_]*= ]]; then environment+=("$option"); else options+=("$option"); fi
  done
  say "  building $module (mvn -Pbench -pl $module -am test-compile) ..."
  (cd "$ROOT" && mvn -B -q -Pbench -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt) || return 1
  say "  running $main"
  (cd "$ROOT/$module" && exec env "${environment[@]}" flock "$BENCH_LOCK" java "${options[@]}" \
    -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" "$main")
}

# bench_run COMPONENT RESULTS: runs the component's harness, its output in $BENCH_DIR/COMPONENT.log; appends its
# BENCH and BENCH-SKIP lines to RESULTS.
bench_run() {
  local component="$1" results="$2" line fields log="$BENCH_DIR/$1.log" started=$SECONDS
  if ! line="$(bench_harness_of "$component")"; then
    say "$component: no harness in this checkout, not available"
    printf 'BENCH-SKIP\t%s\tevery figure\tno harness in this checkout\n' "$component" >>"$results"
    return 0
  fi
  read -r -a fields <<<"$line"
  say "$component: (output in $log)"
  bench_needs "$component"
  if flock -n "$BENCH_LOCK" true; then :; else say "  waiting for another benchmark to finish ($BENCH_LOCK)"; fi
  local status=0
  if [[ "${fields[1]}" == - ]]; then
    (cd "$ROOT" && flock "$BENCH_LOCK" "${fields[@]:2}") >"$log" 2>&1 || status=$?
  else
    bench_java "${fields[@]:1}" >"$log" 2>&1 || status=$?
  fi
  grep -E $'^BENCH(-SKIP)?\t' "$log" >>"$results" || true
  if ((status != 0)); then
    say "  FAILED (exit $status) after $((SECONDS - started)) s; the end of its output:"
    tail -n 20 "$log" | sed 's/^/    /'
    printf 'BENCH-SKIP\t%s\tevery figure\tthe harness failed (exit %s, %s)\n' "$component" "$status" "$log" >>"$results"
    return 1
  fi
  say "  done in $((SECONDS - started)) s"
}

# bench_table RESULTS: the figures as an aligned table, then what was not measured.
bench_table() {
  awk -F'\t' '
    function number(x,    s, sign, whole) {
      if (x == "-" || x == "") return "-"
      if (x + 0 < 0) { sign = "-"; x = -x }
      if (x >= 1000) {
        whole = sprintf("%.0f", x); s = ""
        while (length(whole) > 3) { s = "," substr(whole, length(whole) - 2) s; whole = substr(whole, 1, length(whole) - 3) }
        return sign whole s
      }
      return sign sprintf(x >= 100 ? "%.1f" : "%.4g", x)
    }
    $1 == "BENCH" {
      n++
      row[n, 1] = $2; row[n, 2] = $3; row[n, 3] = number($4) " " $5; row[n, 4] = $6
      row[n, 5] = $7 == "-" ? "-" : number($7) " " $5; row[n, 6] = $8 == "-" ? "-" : number($8)
    }
    $1 == "BENCH-SKIP" { skipped[++m] = $2 ": " $3 ": " $4 }
    END {
      if (!n) print "No figures measured."
      split("component|figure|value|baseline (same run)|baseline value|ratio", head, "|")
      for (c = 1; c <= 6; c++) { row[0, c] = head[c]; width[c] = length(head[c]) }
      for (r = 1; r <= n; r++) for (c = 1; c <= 6; c++) if (length(row[r, c]) > width[c]) width[c] = length(row[r, c])
      for (r = n ? 0 : 1; r <= n; r++) {
        line = ""
        for (c = 1; c <= 6; c++) line = line sprintf(c >= 5 || c == 3 ? "%" width[c] "s" : "%-" width[c] "s", row[r, c]) (c < 6 ? "  " : "")
        print line
      }
      if (m) { print ""; print "Not measured:"; for (i = 1; i <= m; i++) print "  " skipped[i] }
    }' "$1"
}

bench() {
  local which="${1:-all}" components=() component failed=0
  if [[ "$which" == all ]]; then
    components=("${BENCH_COMPONENTS[@]}")
  elif [[ " ${BENCH_COMPONENTS[*]} " == *" $which "* ]]; then
    components=("$which")
  else
    fail "unknown benchmark '$which': one of ${BENCH_COMPONENTS[*]} or all"
  fi
  mkdir -p "$BENCH_DIR"
  local results="$BENCH_DIR/results.tsv" machine load_before
  : >"$results"
  machine="$(bench_machine)"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  say "Benchmarks on $machine"
  for component in "${components[@]}"; do bench_run "$component" "$results" || failed=1; done
  say ""
  bench_table "$results"
  say ""
  say "Machine: $machine"
  say "$(date -u '+%F %H:%M UTC'); load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)."
  say "Ratios are against baselines measured in the same run; the targets are in docs/benchmarks.md."
  return "$failed"
}
