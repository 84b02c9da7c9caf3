package org.dqmstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard type-checked against Grafana's dashboard schema (@grafana/schema with tsc, in
 * dashboards/schema-check), plus what the schema cannot say: unique uids and panel ids, every query on
 * the provisioned Prometheus through the datasource variable.
 */
class DashboardSchemaTest {
    private static final Path CHECK = Path.of("dashboards/schema-check");

    @Test
    void everyDashboardSatisfiesGrafanasDashboardSchema() {
        Path dir = ExternalTool.repository().resolve(CHECK);
        if (!Files.exists(dir.resolve("node_modules/@grafana/schema"))) {
            ExternalTool.Result install = ExternalTool.run(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        ExternalTool.Result check = ExternalTool.run(dir, 300, "npm", "run", "--silent", "check");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("generated " + dashboards().size() + " dashboard modules");
    }

    @Test
    void uidsAndPanelIdsAreUniqueAndEveryQueryUsesTheDatasourceVariable() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode d = new ObjectMapper().readTree(file.toFile());
            assertThat(uids.add(d.get("uid").asText())).as("uid of " + file).isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : d.get("panels")) {
                assertThat(ids.add(panel.get("id").asInt())).as(file + " panel id " + panel.get("id")).isTrue();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.at("/datasource/uid").asText()).as(file + ": " + panel.get("title"))
                            .isEqualTo("${datasource}");
                    assertThat(target.get("expr").asText()).isNotBlank();
                }
            }
        }
        assertThat(uids).hasSize(4);
    }

    static List<Path> dashboards() {
        try (var files = Files.list(Path.of("dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
