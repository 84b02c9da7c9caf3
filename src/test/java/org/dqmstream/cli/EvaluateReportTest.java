package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dqmstream.TestModels;
import org.dqmstream.evaluation.HtmlReport;
import org.dqmstream.image.SeparableParticles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --report} writes one HTML page with its plots, for the lumisection model and for image
 * bundles; Debian's Chromium, headless, opens it and finds every image loaded and the headline table filled.
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

        JsonNode seen = HeadlessChromium.open(report, dir);
        long plots = Files.list(report).filter(p -> p.toString().endsWith(".png")).count();
        assertThat(seen.get("images").asInt()).as("every plot of the directory is on the page").isEqualTo((int) plots)
                .isGreaterThanOrEqualTo(4);
        assertThat(seen.get("broken")).as("images that did not load").isEmpty();
        assertThat(seen.get("loaded").asInt()).isEqualTo((int) plots);
        assertThat(seen.get("headlineCaption").asText().trim()).isEqualTo("Headline figures");
        assertThat(seen.get("headlineRows").asInt()).isEqualTo(7);
    }

    @Test
    void anImageEvaluationReportShowsItsConfusionMatrixAndPlots() throws Exception {
        Path model = dir.resolve("particles");
        SeparableParticles.bundle().save(model);
        Path report = dir.resolve("particles-report");
        assertThat(DqmStream.commandLine().execute("evaluate", "particles", "--generate", "2000", "--model",
                model.toString(), "--report", report.toString())).isZero();
        assertThat(Files.readString(report.resolve(HtmlReport.PAGE))).contains("confusion.csv", "per_class.csv",
                "Confusion, as trained");

        JsonNode seen = HeadlessChromium.open(report, dir);
        assertThat(seen.get("broken")).as("images that did not load").isEmpty();
        assertThat(seen.get("loaded").asInt()).as("roc, confusion and fault plots").isGreaterThanOrEqualTo(2);
        assertThat(seen.get("headlineRows").asInt()).isGreaterThan(3);
    }
}
