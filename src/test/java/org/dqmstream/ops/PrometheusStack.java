package org.dqmstream.ops;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real Prometheus and Alertmanager from Debian's packages, as plain processes on 127.0.0.1:
 * Prometheus scrapes the monitor every second with the project's alert rules, Alertmanager runs the
 * project's routing with its webhook receivers pointed at a local address.
 */
final class PrometheusStack implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final List<Process> processes;
    private final String prometheusUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusStack(Path dir, List<Process> processes, String prometheusUrl) {
        this.dir = dir;
        this.processes = processes;
        this.prometheusUrl = prometheusUrl;
    }

    /** @param receiverUrl replaces the compose stack's alert-receiver in the Alertmanager config */
    static PrometheusStack start(int monitorPort, String receiverUrl) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dqm-prometheus-");
        int alertmanagerPort = freePort();
        int prometheusPort = freePort();
        Files.writeString(dir.resolve("alertmanager.yml"), Files.readString(AlertRulesTest.ALERTMANAGER)
                .replace("http://alert-receiver:9095", receiverUrl));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:%d"]
                scrape_configs:
                  - job_name: dqm-stream
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(AlertRulesTest.RULES.toAbsolutePath(), alertmanagerPort, monitorPort));
        Process alertmanager = process(dir, "alertmanager", "prometheus-alertmanager",
                "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=");
        Process prometheus = process(dir, "prometheus", "prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort);
        PrometheusStack stack = new PrometheusStack(dir, List.of(prometheus, alertmanager),
                "http://127.0.0.1:" + prometheusPort);
        stack.awaitReady("http://127.0.0.1:" + alertmanagerPort + "/-/ready");
        stack.awaitReady(stack.prometheusUrl + "/-/ready");
        return stack;
    }

    /** Runs an instant query; {@code data.result} of the answer. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!answer.path("status").asText().equals("success")) {
            throw new AssertionError("query failed: " + promql + " -> " + answer);
        }
        return answer.at("/data/result");
    }

    /** Values of a label over the series matching {@code match}, as a dashboard variable would list them. */
    JsonNode labelValues(String label, String match) throws IOException, InterruptedException {
        return get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8))
                .get("data");
    }

    /** Alerts Prometheus currently holds, pending or firing. */
    JsonNode alerts() throws IOException, InterruptedException {
        return get("/api/v1/alerts").at("/data/alerts");
    }

    String logs() throws IOException {
        return "prometheus:\n" + tail(dir.resolve("prometheus.log")) + "\nalertmanager:\n" + tail(dir.resolve("alertmanager.log"));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private void awaitReady(String url) throws IOException {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> http.send(HttpRequest.newBuilder(
                            URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(url + " not ready in 30 s\n" + logs(), e);
        }
    }

    private static Process process(Path dir, String name, String... command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " could not be started (" + e.getMessage() + "). Install it: "
                    + "apt-get install -y --no-install-recommends " + String.join(" ", ExternalTool.PACKAGES)
                    + " (.ci/run does)", e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        FileUtils.deleteQuietly(dir.toFile());
    }
}
