package org.dqmstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml, validated by docker-compose itself (no engine needed) and read for what it runs. */
class ComposeFileTest {

    @Test
    void composeFileIsValidWithTheExampleEnvironment() {
        ExternalTool.Result r = compose(".env.example");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void withoutCredentialsComposeRefusesToStartAndSaysWhichToSet(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.env"));
        ExternalTool.Result r = compose(empty.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("set GRAFANA_ADMIN_USER in .env");
    }

    @Test
    void theStackRunsEveryPartAndProvisionsTheProjectsRulesAndDashboards() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile())
                .get("services");
        assertThat(services.fieldNames()).toIterable().contains("kafka", "monitor", "generator", "prometheus",
                "alertmanager", "grafana");
        assertThat(services.at("/monitor/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        assertThat(services.at("/prometheus/volumes").toString()).contains("./ops/prometheus/rules");
        assertThat(services.at("/alertmanager/volumes").toString()).contains("./ops/alertmanager/alertmanager.yml");
        assertThat(services.at("/grafana/volumes").toString()).contains("./dashboards", "./ops/grafana/provisioning");
        assertThat(services.at("/grafana/environment").toString()).doesNotContainPattern("PASSWORD\":\"[^$]");
        ExternalTool.Result promConfig = ExternalTool.run(ExternalTool.repository(), 60, "promtool", "check", "config",
                "ops/prometheus/prometheus.yml");
        assertThat(promConfig.exitCode()).as(promConfig.output()).isZero();
    }

    @Test
    void theCommentedGpuVariantIsAValidMonitorServiceBuiltWithCuda(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docker-compose.yml"));
        int cpu = lines.indexOf("  monitor:");
        int gpu = lines.indexOf("  # monitor:");
        assertThat(cpu).isPositive();
        assertThat(gpu).as("the GPU variant is in the file, commented").isPositive();
        List<String> variant = new ArrayList<>();
        for (int i = gpu; i < lines.size() && lines.get(i).startsWith("  #"); i++) {
            variant.add("  " + lines.get(i).substring(4));
        }
        List<String> swapped = new ArrayList<>(lines.subList(0, cpu));
        swapped.addAll(variant);
        int afterCpu = lines.subList(cpu, lines.size()).indexOf("") + cpu;
        swapped.addAll(lines.subList(afterCpu, lines.size()));
        Path file = dir.resolve("docker-compose.gpu.yml");
        Files.write(file, swapped);
        ExternalTool.Result r = ExternalTool.run(ExternalTool.repository(), 60, "docker-compose", "-f", file.toString(),
                "--project-directory", ExternalTool.repository().toString(), "--env-file", ".env.example", "config");
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode monitor = new ObjectMapper(new YAMLFactory()).readTree(r.output()).at("/services/monitor");
        assertThat(monitor.at("/build/args/MAVEN_PROFILES").asText()).isEqualTo("-Pcuda");
        assertThat(monitor.at("/deploy/resources/reservations/devices/0/capabilities/0").asText()).isEqualTo("gpu");
    }

    private static ExternalTool.Result compose(String envFile) {
        return ExternalTool.run(ExternalTool.repository(), 60, "docker-compose", "-f", "docker-compose.yml",
                "--env-file", envFile, "config", "-q");
    }
}
