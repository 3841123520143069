# syntax=docker/dockerfile:1
# The jst-pipeline command line. Two images from one build (README: "Two runtimes"):
#   the service runtime (the default target): topics, extract, transform, connectors, status, replay, reconcile, run;
#     docker build -f deploy/app.Dockerfile -t jst-pipeline .
#   the full runtime, which adds demo, sandbox and bench (the embedded stack and the sandbox):
#     docker build -f deploy/app.Dockerfile --target full -t jst-pipeline-full .
# Build from the repository root.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds: the first one downloads about 400 MB.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl app-full -am package

FROM eclipse-temurin:17-jre AS base
# A user of its own, and the transformer's state directory writable by it (config transformer.state-dir).
RUN useradd --system --home-dir /var/lib/jst-pipeline --no-create-home jst \
 && mkdir -p /var/lib/jst-pipeline/transformer /etc/jst-pipeline \
 && chown -R jst /var/lib/jst-pipeline
USER jst
WORKDIR /var/lib/jst-pipeline
# /metrics, /health, /ready of extract and transform (config metrics.port), on every interface of the
# container so that Prometheus on the container network reaches them (metrics.host; outside a container it is
# 127.0.0.1). The port is not published: docker-compose.yml leaves it on the compose network.
ENV JST_METRICS_HOST=0.0.0.0
EXPOSE 9404

FROM base AS full
# The runnable layout the build makes: the jar finds its dependencies in lib/ beside it (manifest class path).
COPY --from=build /src/app-full/target/jst-pipeline-full.jar /opt/jst-pipeline/jst-pipeline-full.jar
COPY --from=build /src/app-full/target/lib /opt/jst-pipeline/lib
# JVM options go in JAVA_TOOL_OPTIONS, which the JVM reads by itself.
ENTRYPOINT ["java", "-jar", "/opt/jst-pipeline/jst-pipeline-full.jar"]
CMD ["--help"]

FROM base AS service
COPY --from=build /src/app/target/jst-pipeline.jar /opt/jst-pipeline/jst-pipeline.jar
COPY --from=build /src/app/target/lib /opt/jst-pipeline/lib
ENTRYPOINT ["java", "-jar", "/opt/jst-pipeline/jst-pipeline.jar"]
CMD ["--help"]
