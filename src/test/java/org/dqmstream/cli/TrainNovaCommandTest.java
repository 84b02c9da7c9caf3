package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dqmstream.image.NovaEventGenerator;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.NovaFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainNovaCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsFromAnHdf5FileAndWritesReportAndNetwork() throws Exception {
        Path data = dir.resolve("events.h5");
        NovaFile.write(data, new NovaEventGenerator(9).take(60));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = DqmStream.commandLine().execute("train", "nova", "--data", data.toString(), "--epochs", "1",
                    "--events-per-class", "8", "--test-share", "0.5", "--out", dir.resolve("model").toString(),
                    "--report", dir.resolve("report").toString(), "--fault-epochs", "5");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("numu CC identifier on").contains("efficiency nuenergy");
        for (String f : new String[] {"summary.csv", "efficiency_bins.csv", "efficiency_vs_rejection.png",
                "efficiency_by_nuenergy.png", "efficiency_by_mode.png"}) {
            assertThat(dir.resolve("report").resolve(f)).exists();
        }
        assertThat(out).contains("Fault autoencoder on held-out nova lumisections").contains("dead-plane");
        for (String f : new String[] {"faults.csv", "summary.csv"}) {
            assertThat(dir.resolve("report").resolve(f)).exists();
        }
        assertThat(Files.size(dir.resolve("model").resolve("classifier.zip"))).isGreaterThan(1_000_000);
        ImageSourceBundle bundle = ImageSourceBundle.load(dir.resolve("model"), ImageSource.NOVA);
        assertThat(bundle.classifier().classes()).containsExactly("NUMU_CC", "OTHER");
        assertThat(bundle.autoencoder()).isNotNull();
        assertThat(bundle.metrics()).containsKeys("identifier_auc", "faults_flagged_dead-plane");
        assertThatThrownBy(() -> ImageSourceBundle.load(dir.resolve("model"), ImageSource.PARTICLES))
                .hasMessageContaining("a bundle for source 'nova'");
    }
}
