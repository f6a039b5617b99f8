#!/bin/bash
# Starts one Kafka node configured the way the apache/kafka image configures it: every KAFKA_* variable
# becomes a line of server.properties (KAFKA_ dropped, lower case, "_" -> ".", "__" -> "_", "___" -> "-"),
# except the JVM settings; the storage is formatted with CLUSTER_ID unless it already is.
set -euo pipefail

config=/opt/kafka/config/server.properties
: "${CLUSTER_ID:?CLUSTER_ID is required to format the storage}"

: >"$config"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_VERSION) ;;
    KAFKA_*)
      key="${name#KAFKA_}"
      key="${key,,}"
      key="${key//___/-}"
      key="${key//__/@}"
      key="${key//_/.}"
      printf '%s=%s\n' "${key//@/_}" "$value" >>"$config"
      ;;
  esac
done < <(env)

# shellcheck disable=SC2206 # the options hold several words on purpose
java=(java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m} ${KAFKA_OPTS:-} -cp "/opt/kafka/libs/*")
"${java[@]}" kafka.tools.StorageTool format --cluster-id "$CLUSTER_ID" --config "$config" --ignore-formatted
exec "${java[@]}" kafka.Kafka "$config"
