# syntax=docker/dockerfile:1
# A Kafka Connect worker (distributed mode) carrying the row JDBC sink and the ColumnLimits transformation.
# Build from the repository root: docker build -f deploy/connect.Dockerfile -t jst-connect .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# jdbc-sink's `package` lays the plugin directory out (see <plugin.directory> in its pom).
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl jdbc-sink -am package

FROM apache/kafka:4.3.1
# One directory per plugin under plugin.path (deploy/connect-distributed.properties): jst-jdbc-sink (the row sink,
# ColumnLimits, RowConverter), jst-mapping and the JDBC drivers; the worker provides the Kafka and Connect API classes.
COPY --from=build /src/jdbc-sink/target/plugin/jst-jdbc-sink /opt/kafka/connect-plugins/jst-jdbc-sink
COPY deploy/connect-distributed.properties /opt/kafka/config/jst-connect-distributed.properties
EXPOSE 8083
# The image's own entrypoint would start a broker; this one runs a Connect worker instead.
CMD ["/opt/kafka/bin/connect-distributed.sh", "/opt/kafka/config/jst-connect-distributed.properties"]
