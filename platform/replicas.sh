# Sourced by ./trainboard: the extra instances of `./trainboard up --metrics N --trainers M`. Instance 1 of
# each service is the plain one (metrics-service, trainer-service, on their configured ports); instances 2..N
# are named metrics-service-2, trainer-service-2, ... and each gets the first free port from
# TRAINBOARD_REPLICA_PORTS_FROM up. They share Kafka, the database and the log dir with instance 1 and have
# a pid file and a log each, like every other process; $STATE/replicas lists them as "name port" lines, so
# that status, logs and down cover them.

REPLICAS_FILE="$STATE/replicas"
REPLICA_PORTS_FROM="${TRAINBOARD_REPLICA_PORTS_FROM:-$(( $(printf '%s\n' "$GATEWAY_PORT" "$METRICS_PORT" "$TRAINER_PORT" | sort -n | tail -1) + 2 ))}"

# The service an instance runs: metrics-service-2 runs metrics-service.
service_of() { [[ "$1" =~ ^(.*)-[0-9]+$ ]] && echo "${BASH_REMATCH[1]}" || echo "$1"; }

replica_names() { [[ -f "$REPLICAS_FILE" ]] && cut -d' ' -f1 "$REPLICAS_FILE" || true; }

replica_port() { [[ -f "$REPLICAS_FILE" ]] && awk -v name="$1" '$1 == name { print $2 }' "$REPLICAS_FILE"; }

# parse_topology ARGS...: sets METRICS_INSTANCES and TRAINER_INSTANCES from --metrics N and --trainers M.
parse_topology() {
  METRICS_INSTANCES=1
  TRAINER_INSTANCES=1
  while (($#)); do
    case "$1" in
      --metrics) METRICS_INSTANCES="${2:-}"; shift 2 || fail "--metrics needs a number" ;;
      --trainers) TRAINER_INSTANCES="${2:-}"; shift 2 || fail "--trainers needs a number" ;;
      *) fail "up takes --metrics N and --trainers M, not '$1'" ;;
    esac
  done
  [[ "$METRICS_INSTANCES" =~ ^[1-9][0-9]?$ ]] || fail "--metrics must be a number from 1 to 99, not '$METRICS_INSTANCES'"
  [[ "$TRAINER_INSTANCES" =~ ^[1-9][0-9]?$ ]] || fail "--trainers must be a number from 1 to 99, not '$TRAINER_INSTANCES'"
}

# Kafka balances the consumers of a group, not the processes: N metrics services with one consumer per partition
# of trainboard.events each (the service's default) could leave every partition with one of them and none with
# the others, also after a restart. Each of N instances therefore runs ceil(partitions / N) consumers, so that
# every instance is assigned some. EVENT_PARTITIONS is the metrics service's trainboard.kafka.partitions.
EVENT_PARTITIONS=3
metrics_consumers() { echo $(((EVENT_PARTITIONS + METRICS_INSTANCES - 1) / METRICS_INSTANCES)); }

# A port nothing listens on and no other instance was given.
free_replica_port() {
  local port="$REPLICA_PORTS_FROM"
  while port_open "$port" || [[ -n "$(awk -v p="$port" '$2 == p' "$REPLICAS_FILE" 2>/dev/null)" ]] \
    || [[ "$port" == "$KAFKA_PORT" || "$port" == "$KAFKA_CONTROLLER_PORT" || "$port" == "$EMBEDDED_PG_PORT" ]]; do
    port=$((port + 1))
  done
  echo "$port"
}

# replica_instances SERVICE COUNT: the names of instances 2..COUNT, each given a port the first time.
replica_instances() {
  local service="$1" count="$2" i name
  mkdir -p "$STATE"
  for ((i = 2; i <= count; i++)); do
    name="$service-$i"
    [[ -n "$(replica_port "$name")" ]] || echo "$name $(free_replica_port)" >>"$REPLICAS_FILE"
    echo "$name"
  done
}

# stop_replicas: stops every extra instance and forgets their ports.
stop_replicas() {
  local name
  for name in $(replica_names); do stop_process "$name"; done
  rm -f "$REPLICAS_FILE"
}
