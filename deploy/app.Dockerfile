# syntax=docker/dockerfile:1
# The jst-pipeline command line (extract, transform, connectors apply, sandbox, status, ...).
# Build from the repository root: docker build -f deploy/app.Dockerfile -t jst-pipeline .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds: the first one downloads about 400 MB.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl app -am package

FROM eclipse-temurin:17-jre
# A user of its own, and the transformer's state directory writable by it (config transformer.state-dir).
RUN useradd --system --home-dir /var/lib/jst-pipeline --no-create-home jst \
 && mkdir -p /var/lib/jst-pipeline/transformer /etc/jst-pipeline \
 && chown -R jst /var/lib/jst-pipeline
# The runnable layout the build makes: the jar finds its dependencies in lib/ beside it (manifest class path).
COPY --from=build /src/app/target/jst-pipeline.jar /opt/jst-pipeline/jst-pipeline.jar
COPY --from=build /src/app/target/lib /opt/jst-pipeline/lib
USER jst
WORKDIR /var/lib/jst-pipeline
# /metrics, /health, /ready of extract and transform (config metrics.port).
EXPOSE 9404
# JVM options go in JAVA_TOOL_OPTIONS, which the JVM reads by itself.
ENTRYPOINT ["java", "-jar", "/opt/jst-pipeline/jst-pipeline.jar"]
CMD ["--help"]
