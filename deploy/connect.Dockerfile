# syntax=docker/dockerfile:1
# Two images on apache/kafka from one build, both carrying the Prometheus JMX exporter's agent and its rules
# (monitoring/jmx), which KAFKA_OPTS in docker-compose.yml switches on:
#   broker:  the Kafka broker (the apache/kafka image's own command), docker-compose.yml's kafka service;
#   connect: the default target, a Kafka Connect worker (distributed mode) carrying the row JDBC sink and the
#            ColumnLimits transformation.
# Build from the repository root: docker build -f deploy/connect.Dockerfile -t jst-connect .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# jdbc-sink's `package` lays the plugin directory out (see <plugin.directory> in its pom); app-full's jmx-exporter
# execution copies the agent at the version the parent pom pins, without building app-full.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl jdbc-sink -am package \
 && mvn -B -q -pl app-full dependency:copy@jmx-exporter

FROM apache/kafka:4.3.1 AS broker
COPY --from=build /src/app-full/target/jmx/jmx_prometheus_javaagent.jar /opt/jmx-exporter/jmx_prometheus_javaagent.jar
COPY monitoring/jmx /opt/jmx-exporter

FROM broker AS connect
# One directory per plugin under plugin.path (deploy/connect-distributed.properties): jst-jdbc-sink (the row sink,
# ColumnLimits, RowConverter), jst-mapping and the JDBC drivers; the worker provides the Kafka and Connect API classes.
COPY --from=build /src/jdbc-sink/target/plugin/jst-jdbc-sink /opt/kafka/connect-plugins/jst-jdbc-sink
COPY deploy/connect-distributed.properties /opt/kafka/config/jst-connect-distributed.properties
EXPOSE 8083
# The image's own entrypoint would start a broker; this one runs a Connect worker instead.
CMD ["/opt/kafka/bin/connect-distributed.sh", "/opt/kafka/config/jst-connect-distributed.properties"]
