package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dqmstream.TestModels;
import org.dqmstream.evaluation.HtmlReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --report} writes one HTML page with its plots; Debian's Chromium, headless, opens it and
 * finds every image loaded and the headline table filled.
 */
class EvaluateReportTest {
    @TempDir
    Path dir;

    @Test
    void theReportOpensInAHeadlessBrowserWithEveryPlotAndTheHeadlineTable() throws Exception {
        TestModels.bundle().save(dir.resolve("model"));
        Path report = dir.resolve("report");
        int exit = DqmStream.commandLine().execute("evaluate", "--model", dir.resolve("model").toString(),
                "--lumisections", "800", "--out", dir.resolve("out").toString(), "--report", report.toString());
        assertThat(exit).isZero();
        String page = Files.readString(report.resolve(HtmlReport.PAGE));
        assertThat(page).contains("roc_curves.png", "auc_matrix.png", "efficiency_rejection.png", "scores_Muon.png",
                "Confusion at the BAD threshold").doesNotContain("http://", "https://");

        // The page in a frame of a checker page, whose script reports what the browser made of it.
        Files.writeString(dir.resolve("check.html"), """
                <html><body><iframe id="report" src="report/index.html"></iframe><pre id="result">pending</pre>
                <script>
                window.addEventListener('load', () => {
                  const d = document.getElementById('report').contentDocument;
                  const images = [...d.images];
                  const loaded = images.filter(i => i.complete && i.naturalWidth > 0);
                  document.getElementById('result').textContent = 'RESULT' + JSON.stringify({
                    images: images.length, loaded: loaded.length,
                    broken: images.filter(i => !loaded.includes(i)).map(i => i.getAttribute('src')),
                    headlineRows: d.querySelectorAll('#headline tbody tr').length,
                    headlineCaption: (d.querySelector('#headline caption') || {}).textContent}) + 'END';
                });
                </script></body></html>
                """);
        JsonNode seen = openInChromium(dir.resolve("check.html"));
        long plots = Files.list(report).filter(p -> p.toString().endsWith(".png")).count();
        assertThat(seen.get("images").asInt()).as("every plot of the directory is on the page").isEqualTo((int) plots)
                .isGreaterThanOrEqualTo(4);
        assertThat(seen.get("broken")).as("images that did not load").isEmpty();
        assertThat(seen.get("loaded").asInt()).isEqualTo((int) plots);
        assertThat(seen.get("headlineCaption").asText().trim()).isEqualTo("Headline figures");
        assertThat(seen.get("headlineRows").asInt()).isEqualTo(6);
    }

    private JsonNode openInChromium(Path page) throws Exception {
        Path out = dir.resolve("chromium.out");
        Process chromium = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--allow-file-access-from-files", "--user-data-dir=" + dir.resolve("profile"),
                "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString()))
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        Matcher result = Pattern.compile("RESULT(.*)END").matcher(dom);
        assertThat(result.find()).as("checker result in the DOM: %s / %s", dom,
                Files.readString(dir.resolve("chromium.err"))).isTrue();
        return new ObjectMapper().readTree(result.group(1).replace("&quot;", "\""));
    }
}
