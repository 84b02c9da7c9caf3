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

/** The alert rules, their unit tests and runbooks, and Alertmanager's routing, checked by the real tools. */
class AlertRulesTest {
    static final Path RULES = Path.of("ops/prometheus/rules/dqm-alerts.yml");
    static final Path ALERTMANAGER = Path.of("ops/alertmanager/alertmanager.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void rulesAreValidAndPassTheirPromtoolUnitTests() {
        ExternalTool.Result check = promtool("check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        ExternalTool.Result tests = promtool("test", "rules", "ops/prometheus/tests/dqm-alerts.test.yml");
        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookWithEverySection() throws IOException {
        List<JsonNode> alerts = alerts();
        assertThat(alerts).extracting(a -> a.get("alert").asText()).contains("DqmSubsystemBad",
                "DqmSubsystemWarningStorm", "DqmNoInput", "DqmDeadLetterRateHigh", "DqmFlagDelayHigh", "DqmModelNotLoaded");
        for (JsonNode alert : alerts) {
            String name = alert.get("alert").asText();
            assertThat(alert.at("/labels/severity").asText()).as(name).isIn("critical", "warning");
            assertThat(alert.at("/annotations/summary").asText()).as(name).isNotBlank();
            Path runbook = Path.of(alert.at("/annotations/runbook_url").asText());
            assertThat(runbook).as(name + " runbook").exists();
            String text = Files.readString(runbook);
            assertThat(text.lines().findFirst().orElse("")).as(runbook + " title").startsWith("# ").contains(name);
            assertThat(text).as(runbook.toString()).contains("## Meaning", "## Impact", "## Diagnosis",
                    "## Mitigation", "## Escalation");
        }
    }

    @Test
    void testsCoverEveryAlert() throws IOException {
        String tests = Files.readString(Path.of("ops/prometheus/tests/dqm-alerts.test.yml"));
        assertThat(alerts()).allSatisfy(a -> assertThat(tests).contains("alertname: " + a.get("alert").asText()));
    }

    @Test
    void alertmanagerConfigIsValid() {
        ExternalTool.Result check = ExternalTool.run(ExternalTool.repository(), 60, "amtool", "check-config",
                ALERTMANAGER.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void criticalAlertsPageTheShiftCrewAndWarningsGoToTheExpertOnCall() {
        assertThat(route("severity=critical", "alertname=DqmSubsystemBad", "subsystem=Muon")).isEqualTo("shift-crew");
        assertThat(route("severity=critical", "alertname=DqmNoInput")).isEqualTo("shift-crew");
        assertThat(route("severity=warning", "alertname=DqmSubsystemWarningStorm")).isEqualTo("expert-on-call");
        assertThat(route("alertname=SomethingUnlabelled")).isEqualTo("expert-on-call");
    }

    @Test
    void aBadSubsystemInhibitsItsOwnWarningStormOnly() throws IOException {
        JsonNode inhibit = YAML.readTree(ALERTMANAGER.toFile()).get("inhibit_rules").get(0);
        assertThat(inhibit.get("source_matchers").get(0).asText()).isEqualTo("alertname=\"DqmSubsystemBad\"");
        assertThat(inhibit.get("target_matchers").get(0).asText()).isEqualTo("alertname=\"DqmSubsystemWarningStorm\"");
        assertThat(inhibit.get("equal")).extracting(JsonNode::asText).containsExactly("source", "subsystem");
    }

    static List<JsonNode> alerts() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        YAML.readTree(RULES.toFile()).get("groups").forEach(g -> g.get("rules").forEach(out::add));
        return out;
    }

    private static ExternalTool.Result promtool(String... args) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        return ExternalTool.run(ExternalTool.repository(), 120, command.toArray(String[]::new));
    }

    private static String route(String... labels) {
        List<String> command = new ArrayList<>(List.of("amtool", "config", "routes", "test",
                "--config.file=" + ALERTMANAGER));
        command.addAll(List.of(labels));
        ExternalTool.Result r = ExternalTool.run(ExternalTool.repository(), 60, command.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().lines().filter(l -> !l.startsWith("Warning:")).findFirst().orElseThrow().trim();
    }
}
