package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dqmstream.image.NovaFaultModel;
import org.dqmstream.image.SeparableParticles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateImageCommandsTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = DqmStream.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        return out;
    }

    @Test
    void evaluatesAParticleBundleWithFiguresAndPlots() throws Exception {
        Path model = dir.resolve("particles");
        SeparableParticles.bundle().save(model);
        Path out = dir.resolve("report");
        String text = run("evaluate", "particles", "--generate", "3000", "--model", model.toString(), "--out",
                out.toString());
        assertThat(text).contains("natural mix, prior-corrected").contains("Confusion, as trained");
        for (String f : List.of("per_class.csv", "summary.csv", "confusion.csv", "confusion_prior_corrected.csv")) {
            assertThat(out.resolve(f)).exists();
        }
        for (String png : List.of("roc.png", "confusion.png")) {
            assertThat(ImageIO.read(out.resolve(png).toFile()).getWidth()).as(png).isGreaterThan(500);
        }
        List<String> perClass = Files.readAllLines(out.resolve("per_class.csv"));
        assertThat(perClass).hasSize(6);
        assertThat(perClass.get(3)).startsWith("PION,");
    }

    @Test
    void evaluatesTheFaultAutoencoderOfANovaBundle() throws Exception {
        Path model = dir.resolve("nova");
        NovaFaultModel.bundle().save(model);
        Path out = dir.resolve("nova-report");
        String text = run("evaluate", "nova", "--generate", "300", "--model", model.toString(), "--out", out.toString());
        assertThat(text).contains("Fault autoencoder on held-out nova lumisections").contains("dead-plane");
        assertThat(Files.readAllLines(out.resolve("faults.csv"))).hasSize(5);
    }
}
