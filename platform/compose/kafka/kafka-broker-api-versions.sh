#!/bin/sh
# As in the Kafka distribution: lists the API versions each broker at --bootstrap-server answers with. A
# health check runs it every few seconds, so the JVM starts with the quickest settings for a short run.
exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "/opt/kafka/libs/*" \
  org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
