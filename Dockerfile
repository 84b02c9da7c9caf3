# The monitor's image: built from this repository by docker-compose.yml (docker compose build).
# MAVEN_PROFILES=-Pcuda builds it with the ND4J CUDA backend for GPU hosts (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MAVEN_PROFILES=
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q ${MAVEN_PROFILES} dependency:go-offline
COPY schemas schemas
COPY src src
RUN mvn -B -q ${MAVEN_PROFILES} package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/dqm dqm \
    && mkdir -p /var/lib/dqm/models /var/lib/dqm/state \
    && chown -R dqm /var/lib/dqm
COPY --from=build /src/target/dqm-stream.jar /opt/dqm-stream/dqm-stream.jar
COPY --from=build /src/target/lib /opt/dqm-stream/lib
USER dqm
WORKDIR /var/lib/dqm
# One OpenMP thread per scoring thread, and no spin-waiting beside Kafka's threads (see BENCHMARKS.md).
ENV OMP_NUM_THREADS=1 \
    OMP_WAIT_POLICY=PASSIVE \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -Dorg.bytedeco.javacpp.cachedir=/var/lib/dqm/.javacpp" \
    DQM_METRICS_HOST=0.0.0.0 \
    DQM_KAFKA_STATE_DIR=/var/lib/dqm/state
EXPOSE 9464
ENTRYPOINT ["java", "-jar", "/opt/dqm-stream/dqm-stream.jar"]
CMD ["--help"]
