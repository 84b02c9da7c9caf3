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
import org.dqmstream.evaluation.HtmlReport;

/** Debian's Chromium, headless, opening a report page and saying what it found there. */
final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /**
     * Opens {@code reportDir}'s page in a frame of a checker page, whose script reports, once everything
     * loaded: {@code images}, {@code loaded}, {@code broken} (their sources), {@code headlineRows} and
     * {@code headlineCaption}.
     */
    static JsonNode open(Path reportDir, Path work) throws Exception {
        Path checker = work.resolve("check.html");
        Files.writeString(checker, """
                <html><body><iframe id="report" src="%s"></iframe><pre id="result">pending</pre>
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
                """.formatted(reportDir.resolve(HtmlReport.PAGE).toUri()));
        Path out = work.resolve("chromium.out");
        Path err = work.resolve("chromium.err");
        Process chromium = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--allow-file-access-from-files", "--user-data-dir=" + work.resolve("chromium-profile"),
                "--virtual-time-budget=10000", "--dump-dom", checker.toUri().toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        Matcher result = Pattern.compile("RESULT(.*)END").matcher(dom);
        assertThat(result.find()).as("checker result in the DOM: %s / %s", dom, Files.readString(err)).isTrue();
        return new ObjectMapper().readTree(result.group(1).replace("&quot;", "\""));
    }
}
