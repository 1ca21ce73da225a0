#!/usr/bin/env bash
# The docker-compose broker, made as `embrace kafka start --secure` makes the local one, from the same
# templates: SASL/SCRAM-SHA-512 for clients, ACLs, the administrator the only super user. Its SCRAM
# credential is written when the storage is first formatted (the password: letters and digits).
# A cluster runs this once per node: KAFKA_NODE_ID, KAFKA_VOTERS (id@host:port of every node's
# controller), KAFKA_REPLICAS and KAFKA_MIN_ISR, and one KAFKA_CLUSTER_ID for all of them.
# The paths, host and ports may be overridden (tests run this script against the Kafka jars).
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}"
kafka=${KAFKA_HOME:-/opt/kafka} templates=${EMBRACE_KAFKA_TEMPLATES:-/embrace/kafka}
data=${KAFKA_DATA:-/var/lib/kafka/data} work=${KAFKA_WORK:-/tmp}
host=${KAFKA_HOST:-kafka} port=${KAFKA_PORT:-9092} controller=$((${KAFKA_PORT:-9092} + 1))
node=${KAFKA_NODE_ID:-1} voters=${KAFKA_VOTERS:-1@${host}:${controller}}
replicas=${KAFKA_REPLICAS:-1} min_isr=${KAFKA_MIN_ISR:-1}
fill() {
  sed -e "s|\${port}|${port}|g; s|\${controller_port}|${controller}|g; s|\${bind}|0.0.0.0|g; s|\${host}|${host}|g" \
      -e "s|\${data_dir}|${data}|g; s|\${admin_user}|embrace-admin|g" \
      -e "s|\${node_id}|${node}|g; s|\${voters}|${voters}|g; s|\${replicas}|${replicas}|g; s|\${min_isr}|${min_isr}|g" \
      -e "s|\${admin_password}|${KAFKA_ADMIN_PASSWORD}|g" "$1"
}
{ fill "${templates}/server.properties.template"; fill "${templates}/security.properties.template"; } \
  > "${work}/server.properties"
# For the healthcheck's client.
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\n' \
  "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"embrace-admin\" password=\"${KAFKA_ADMIN_PASSWORD}\";" \
  > "${work}/admin.properties"
if [ ! -f "${data}/meta.properties" ]; then
  "${kafka}/bin/kafka-storage.sh" format --config="${work}/server.properties" \
    --cluster-id="${KAFKA_CLUSTER_ID:-$("${kafka}/bin/kafka-storage.sh" random-uuid)}" \
    --add-scram="SCRAM-SHA-512=[name=embrace-admin,password=${KAFKA_ADMIN_PASSWORD}]"
fi
exec "${kafka}/bin/kafka-server-start.sh" "${work}/server.properties"
