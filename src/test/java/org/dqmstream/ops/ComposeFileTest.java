package org.dqmstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static ExternalTool.Result compose(String envFile) {
        return ExternalTool.run(ExternalTool.repository(), 60, "docker-compose", "-f", "docker-compose.yml",
                "--env-file", envFile, "config", "-q");
    }
}
