package org.dqmstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dqmstream.TestModels;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.scoring.LumisectionScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LumisectionEvaluationTest {
    @TempDir
    Path dir;

    @Test
    void autoCertificationStopsWherePollutionWouldExceedTheLimit() {
        double[] score = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
        boolean[] bad = {false, false, false, true, false, false, false, false, true, true};
        // Certifying the 3 lowest is clean; the 4th brings 1 bad in 4 (25%), 8 lowest give 1/8.
        assertThat(LumisectionEvaluation.autoCertification(score, bad, 0.0)).containsExactly(0.3, 0.0);
        assertThat(LumisectionEvaluation.autoCertification(score, bad, 0.125)).containsExactly(0.8, 0.125);
        assertThat(LumisectionEvaluation.autoCertification(score, bad, 1.0)).containsExactly(1.0, 0.3);
    }

    @Test
    void evaluatesAgainstCertificationAndWritesReport() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        LabelledLumisections data = new LumisectionGenerator(bundle.layout(),
                GeneratorSettings.defaults(31).withFaultFraction(0.3).withMinIntensity(0.6))
                .takeLabelled(1200, bundle.subsystems().subsystems());
        var scored = new LumisectionScorer(bundle).score(data.lumisections());
        LumisectionEvaluation.Result r = LumisectionEvaluation.evaluate(bundle, scored, data.labels(), 0.01);
        assertThat(r.lumisections()).isEqualTo(1200);
        assertThat(r.aucByGroup()).hasSize(13);
        var track = r.subsystems().stream().filter(s -> s.subsystem().equals("Track")).findFirst().orElseThrow();
        if (track.bad() > 0) {
            assertThat(track.auc()).as("tracker faults are seen in PF groups").isGreaterThan(0.8);
            assertThat(r.aucByGroup().get("minibias_PF").get("Track")).isGreaterThan(
                    r.aucByGroup().get("minibias_muons").get("Track"));
        }
        assertThat(r.subsystems()).allSatisfy(s -> {
            assertThat(s.atBad().cleanFalseAlarmRate()).isLessThan(0.08);
            assertThat(s.atBad().falseAlarmRate()).isGreaterThanOrEqualTo(s.atBad().cleanFalseAlarmRate() - 0.02);
            Rate clean = s.atBad().cleanFalseAlarm();
            assertThat(clean.low()).isLessThanOrEqualTo(clean.rate());
            assertThat(clean.high()).isGreaterThan(clean.rate());
        });

        EvaluationReport.write(r, dir);
        for (String f : List.of("auc_matrix.csv", "subsystems.csv", "summary.csv", "auc_matrix.png", "roc_curves.png")) {
            assertThat(dir.resolve(f)).exists();
        }
        assertThat(Files.readAllLines(dir.resolve("subsystems.csv"))).hasSize(17)
                .first().asString().endsWith("bad_clean_false_alarm_high,auc_autoencoder,auc_statistical_peer");
        assertThat(r.subsystems()).filteredOn(s -> s.subsystem().equals("Track")).allSatisfy(s -> {
            assertThat(s.autoencoderAuc()).as("each detector judged alone beside the flags").isBetween(0.5, 1.0);
            assertThat(s.peerAuc()).isBetween(0.5, 1.0);
        });
        assertThat(r.subsystems()).filteredOn(s -> s.subsystem().equals("Lumi"))
                .allSatisfy(s -> assertThat(s.peerAuc()).as("event counts are too few for a peer").isNaN());
        assertThat(Files.readAllBytes(dir.resolve("roc_curves.png"))).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(EvaluationReport.text(bundle, r)).contains("Auto-certifiable GOOD");
    }
}
