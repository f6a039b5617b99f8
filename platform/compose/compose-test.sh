# ./trainboard compose-test [--keep]: the Docker Compose deployment for real, on a machine that reaches Debian's
# and Maven's package registries but no image registry. Sourced by ./trainboard, whose helpers it uses (say,
# fail, require_packages, fetch_mnist, ROOT, STATE, DATA_DIR, VERSION). docs/deploy.md describes the run and
# its figures.
#
# 1. Installs Docker 20.10 (Debian's docker.io), docker-compose and mmdebstrap if missing; starts dockerd.
# 2. Builds the base images from Debian packages with mmdebstrap: a JDK with Maven and gcc for the build
#    stages, a JRE runtime, PostgreSQL, and Kafka from the jars ./trainboard runs (platform/compose/kafka).
# 3. Builds the three service images from their own Dockerfiles, changing only the base-image arguments.
# 4. Starts docker-compose.yml with platform/compose/local-images.yml (the local bases; no TensorBoard, whose
#    image needs PyPI) and waits for every health check.
# 5. Runs the tutorial's sweep through the gateway's published port and checks both runs: their event files
#    in the runs volume, read with the tfevents reader, against their points in the API.
# 6. Kills metrics-service in the middle of a second, identical sweep, starts it again, and checks that the
#    runs lost nothing: files against the API, and each tag's point count against the undisturbed run.
# 7. Removes the containers, the network, the volumes and the images it built, unless --keep.

COMPOSE_PROJECT="trainboard-compose-test"
# Debian's docker CLI: its BuildKit builds need no buildx plugin, which Debian does not package.
DOCKER=/usr/bin/docker
BASE_REPOSITORY="trainboard-local"
BASE_TAG="bookworm"
SERVICE_TAG="compose-test"
COMPOSE_STATE="$STATE/compose-test"
COMPOSE_GATEWAY="127.0.0.1:${TRAINBOARD_COMPOSE_GATEWAY_PORT:-18780}"
COMPOSE_FILES=(-f "$ROOT/docker-compose.yml" -f "$ROOT/platform/compose/local-images.yml")
HEALTH_TIMEOUT="${TRAINBOARD_COMPOSE_HEALTH_TIMEOUT:-600}"

# Debian packages of each base image built with mmdebstrap; kafka is built on top of jre.
declare -A BASE_PACKAGES=(
  [maven]="openjdk-17-jdk-headless,maven,gcc,libc6-dev,ca-certificates"
  [jre]="openjdk-17-jre-headless,curl,libjemalloc2,ca-certificates"
  [postgres]="postgresql-15"
)

TIMINGS=()

base_image() { echo "$BASE_REPOSITORY/$1:$BASE_TAG"; }
service_image() { echo "trainboard/$1:$SERVICE_TAG"; }

# timed LABEL COMMAND...: runs COMMAND and records how long it took under LABEL.
timed() {
  local label="$1" started=$SECONDS
  shift
  "$@"
  TIMINGS+=("$(printf '%-44s %5ds' "$label" $((SECONDS - started)))")
}

compose() {
  COMPOSE_PROJECT_NAME="$COMPOSE_PROJECT" TRAINBOARD_VERSION="$SERVICE_TAG" GATEWAY_PORT="$COMPOSE_GATEWAY" \
    KAFKA_HOST_PORT="${TRAINBOARD_COMPOSE_KAFKA_PORT:-18792}" TENSORBOARD_PORT="127.0.0.1:18766" \
    docker-compose "${COMPOSE_FILES[@]}" "$@"
}

container_of() { compose ps -q "$1"; }

# --- 1. the engine -----------------------------------------------------------------------------------------

start_engine() {
  require_packages docker.io=/usr/bin/docker docker-compose mmdebstrap
  "$DOCKER" info >/dev/null 2>&1 && return
  say "Starting dockerd (log: $COMPOSE_STATE/dockerd.log; it keeps running afterwards) ..."
  setsid dockerd >>"$COMPOSE_STATE/dockerd.log" 2>&1 </dev/null &
  local deadline=$((SECONDS + 60))
  until "$DOCKER" info >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "dockerd did not answer within 60s: see $COMPOSE_STATE/dockerd.log"
    sleep 1
  done
}

# --- 2. base images ------------------------------------------------------------------------------------------

# The hooks that turn a Debian root file system into one of the base images.
base_hooks() {
  case "$1" in
    maven)
      # Maven in the build stages reaches its registry over TLS; the images trust what this machine trusts,
      # including the authorities it adds locally (for instance an egress proxy's).
      printf -- '--customize-hook=cp -r /usr/local/share/ca-certificates/. "$1/usr/local/share/ca-certificates/" && chroot "$1" update-ca-certificates >/dev/null\n'
      ;;
    postgres)
      printf -- '--customize-hook=chroot "$1" pg_dropcluster 15 main\n'
      printf -- '--customize-hook=install -m 755 %q "$1/usr/local/bin/docker-entrypoint.sh"\n' \
        "$ROOT/platform/compose/postgres/docker-entrypoint.sh"
      ;;
  esac
}

# The image settings docker import applies to each root file system.
base_changes() {
  case "$1" in
    maven | jre) printf '%s\n' 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' 'ENV LANG=C.UTF-8' ;;
    postgres)
      printf '%s\n' 'ENV PGDATA=/var/lib/postgresql/data' 'ENV LANG=C.UTF-8' \
        'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'EXPOSE 5432' 'ENTRYPOINT ["docker-entrypoint.sh"]'
      ;;
  esac
}

# debian_base NAME: mmdebstrap a minimal bookworm with NAME's packages, then docker import it.
debian_base() {
  local name="$1" started=$SECONDS tarball="$COMPOSE_STATE/$1.tar" hooks=() changes=() line
  while IFS= read -r line; do hooks+=("$line"); done < <(base_hooks "$name")
  while IFS= read -r line; do changes+=(--change "$line"); done < <(base_changes "$name")
  mmdebstrap --quiet --variant=minbase --include="${BASE_PACKAGES[$name]}" "${hooks[@]}" bookworm "$tarball" \
    >"$COMPOSE_STATE/mmdebstrap-$name.log" 2>&1 \
    || { tail -n 30 "$COMPOSE_STATE/mmdebstrap-$name.log" >&2; fail "mmdebstrap of the $name base image failed"; }
  "$DOCKER" import "${changes[@]}" "$tarball" "$(base_image "$name")" >/dev/null
  rm -f "$tarball"
  echo "$((SECONDS - started))" >"$COMPOSE_STATE/$name.seconds"
}

kafka_base() {
  local context="$COMPOSE_STATE/kafka-context"
  rm -rf "$context" && mkdir -p "$context"
  cp "$ROOT"/platform/compose/kafka/* "$context/" && cp -r "$KAFKA_LIB" "$context/lib"
  DOCKER_BUILDKIT=1 "$DOCKER" build -q --build-arg RUNTIME_IMAGE="$(base_image jre)" -t "$(base_image kafka)" \
    "$context" >/dev/null
  rm -rf "$context"
}

image_exists() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

build_base_images() {
  local name pids=() missing=()
  for name in maven jre postgres; do
    image_exists "$(base_image "$name")" || missing+=("$name")
  done
  if ((${#missing[@]})); then
    say "Building the base images ${missing[*]} from Debian packages (mmdebstrap, side by side) ..."
    # Side by side: downloading one overlaps with unpacking another.
    for name in "${missing[@]}"; do
      debian_base "$name" &
      pids+=($!)
    done
    for name in "${pids[@]}"; do wait "$name" || fail "a base image failed to build"; done
    for name in "${missing[@]}"; do say "  $(base_image "$name")  $(cat "$COMPOSE_STATE/$name.seconds")s"; done
  fi
  image_exists "$(base_image kafka)" || { kafka_base && say "  $(base_image kafka)  (on $(base_image jre))"; }
}

# --- 3. service images ---------------------------------------------------------------------------------------

build_service() {
  local service="$1" started=$SECONDS
  DOCKER_BUILDKIT=1 "$DOCKER" build --progress=plain -f "$ROOT/$service/Dockerfile" \
    --build-arg MAVEN_IMAGE="$(base_image maven)" --build-arg RUNTIME_IMAGE="$(base_image jre)" \
    -t "$(service_image "$service")" "$ROOT" >"$COMPOSE_STATE/build-$service.log" 2>&1 \
    || { tail -n 40 "$COMPOSE_STATE/build-$service.log" >&2; fail "building the $service image failed"; }
  say "  $(service_image "$service")  $((SECONDS - started))s"
}

build_service_images() {
  say "Building the service images on the local bases (logs in $COMPOSE_STATE) ..."
  local service
  for service in metrics-service ui-gateway trainer-service; do timed "image $service" build_service "$service"; done
}

# --- 4. the stack --------------------------------------------------------------------------------------------

# The MNIST volume gets this machine's verified copy; the mnist-data service then finds it intact and exits.
# docker-compose run creates the volume as `up` would.
fill_mnist_volume() {
  compose run --rm --no-deps --user 0 -v "$DATA_DIR/mnist:/seed:ro" --entrypoint sh mnist-data \
    -c 'mkdir -p /home/node/mnist && cp /seed/*-ubyte /home/node/mnist/ && chown -R 1000:1000 /home/node' >>"$COMPOSE_STATE/up.log" 2>&1
}

# Prints "name state health" for every container of the project.
stack_states() {
  local id
  for id in $(compose ps -q); do
    "$DOCKER" inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}}/{{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}' "$id"
  done
}

stack_healthy() {
  local states
  states="$(stack_states)"
  # Every container with a health check healthy (kafka, postgres and the three services); mnist-data done.
  grep -q '^mnist-data exited/0 ' <<<"$states" && [[ "$(grep -c ' healthy$' <<<"$states")" -eq 5 ]]
}

# docker-compose up starts a service once what it depends on is healthy, and gives up as soon as a dependency
# reports unhealthy. On a busy machine a JVM service can miss its image's start period and be unhealthy for a
# while before it answers, so up runs again until everything is up and healthy, or the time runs out.
bring_up() {
  local deadline=$((SECONDS + HEALTH_TIMEOUT))
  until stack_healthy; do
    # Once every container exists, up would only run mnist-data again; then health is all there is to wait for.
    if [[ "$(compose ps -q | wc -l)" -lt 6 ]]; then
      compose up -d --no-build >>"$COMPOSE_STATE/up.log" 2>&1 || true
    fi
    if ((SECONDS >= deadline)) || grep -qE ' exited/[1-9][0-9]* ' <<<"$(stack_states)"; then
      stack_states >&2
      compose logs --tail 40 >&2 || true
      fail "the stack did not become healthy within ${HEALTH_TIMEOUT}s"
    fi
    sleep 5
  done
}

start_stack() {
  say "Starting the stack (project $COMPOSE_PROJECT, gateway on $COMPOSE_GATEWAY) ..."
  fill_mnist_volume
  bring_up
  stack_states | sed 's/^/  /'
}

# --- 5. and 6. the sweeps and their checks -------------------------------------------------------------------

client_at_gateway() { TRAINBOARD_GATEWAY="http://$COMPOSE_GATEWAY" python3 "$ROOT/platform/trainboard_client.py" "$@"; }

runs_check() { TRAINBOARD_GATEWAY="http://$COMPOSE_GATEWAY" python3 "$ROOT/platform/compose/runs_check.py" "$@"; }

# The demo submits with an idempotency key, so a try whose request timed out (a JVM still warming up on a busy
# machine) is safe to repeat: the gateway answers with the jobs already created.
tutorial_sweep() {
  local try
  for try in 1 2 3; do
    client_at_gateway demo && return
    ((try < 3)) && say "  trying again in 20 s" && sleep 20
  done
  fail "the tutorial's sweep did not succeed"
}

# dump_runs RUN...: each run's event files, as the tfevents reader reads them from the runs volume.
dump_runs() {
  local run
  for run in "$@"; do
    "$DOCKER" run --rm --network none -v "${COMPOSE_PROJECT}_runs:/runs:ro" -v "$ROOT/tfevents/target:/tfevents:ro" \
      "$(base_image jre)" java -jar "/tfevents/tfevents-$VERSION.jar" dump "/runs/$run" >"$COMPOSE_STATE/$run.dump" \
      || fail "the tfevents reader could not read run $run from the runs volume"
  done
}

check_runs() {
  dump_runs "$@"
  runs_check files-match-api --dumps "$COMPOSE_STATE" "$@"
}

KILLED_SWEEP="compose-kill"
KILLED_RUNS=("$KILLED_SWEEP-mnist1" "$KILLED_SWEEP-mnist2")

# The second sweep: the tutorial's again under other run names; metrics-service is killed once a run has done a
# tenth of its steps (a run trains in seconds, so the kill lands early to land inside it), and started again ten
# seconds later while the trainer goes on publishing.
killed_sweep() {
  local ids=()
  read -ra ids <<<"$(runs_check submit-copy --sweep "$KILLED_SWEEP")"
  runs_check await-progress --fraction 0.1 "${ids[@]}"
  say "  docker kill metrics-service (the trainer goes on publishing to Kafka)"
  "$DOCKER" kill "$(container_of metrics-service)" >/dev/null
  sleep 10
  compose start metrics-service >/dev/null 2>&1
  bring_up
  say "  metrics-service is healthy again; waiting for the sweep to finish"
  runs_check await-terminal "${ids[@]}"
}

check_killed_runs() {
  check_runs "${KILLED_RUNS[@]}"
  runs_check same-counts --dumps "$COMPOSE_STATE" --as mnist1 mnist2 --runs "${KILLED_RUNS[@]}"
}

# --- 7. teardown and report ------------------------------------------------------------------------------------

teardown() {
  say "Removing the stack, its volumes and the images this test built ..."
  compose --profile tensorboard down -v --remove-orphans >/dev/null 2>&1 || true
  local images=() name
  for name in metrics-service ui-gateway trainer-service; do images+=("$(service_image "$name")"); done
  for name in kafka maven jre postgres; do images+=("$(base_image "$name")"); done
  "$DOCKER" image rm "${images[@]}" >/dev/null 2>&1 || true
  say "  done (the BuildKit cache, with its Maven repository, stays: docker builder prune removes it)"
}

report_images() {
  say "Image sizes:"
  "$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E ":($BASE_TAG|$SERVICE_TAG) " | sed 's/^/  /'
}

compose_test() {
  local keep=false started=$SECONDS
  case "${1:-}" in
    --keep) keep=true ;;
    "") ;;
    *) fail "compose-test takes only --keep" ;;
  esac
  mkdir -p "$COMPOSE_STATE"
  timed "engine ready" start_engine
  # Stop whatever an earlier run with --keep left, so ports and volumes start empty.
  compose --profile tensorboard down -v --remove-orphans >/dev/null 2>&1 || true
  timed "host jars (broker, tfevents reader), MNIST" prepare_host
  timed "base images (mmdebstrap, docker import)" build_base_images
  build_service_images
  report_images
  [[ "$keep" == true ]] || trap teardown EXIT
  timed "stack up and healthy" start_stack
  say "" && say "The tutorial's sweep through the gateway at http://$COMPOSE_GATEWAY:"
  timed "tutorial sweep (2 runs, full MNIST, 2 epochs)" tutorial_sweep
  timed "check mnist1, mnist2: files vs API" check_runs mnist1 mnist2
  say "" && say "A second sweep, with metrics-service killed while it trains:"
  timed "second sweep with metrics-service killed" killed_sweep
  timed "check the second sweep's runs" check_killed_runs
  if [[ "$keep" == true ]]; then
    say "" && say "The stack stays up (--keep): gateway http://$COMPOSE_GATEWAY; docker-compose -p $COMPOSE_PROJECT ..."
  else
    trap - EXIT
    timed "teardown" teardown
  fi
  say "" && say "compose-test passed. Timings:"
  printf '  %s\n' "${TIMINGS[@]}"
  say "  total $((SECONDS - started))s"
}

prepare_host() {
  fetch_mnist
  [[ -f "$ROOT/tfevents/target/tfevents-$VERSION.jar" ]] || (cd "$ROOT" && mvn -B -q -pl tfevents package -DskipTests)
  [[ -n "$(compgen -G "$KAFKA_LIB/kafka-tools-*.jar")" ]] || mvn -B -q -f "$ROOT/platform/kafka/pom.xml" package
}
