package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.ObjectImageGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainObjectsCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsAClassifierAndFaultAutoencoderFromAnImageFolder() throws Exception {
        Path folder = dir.resolve("images");
        Files.createDirectories(folder);
        List<String> labels = new ArrayList<>(List.of("file,label"));
        ObjectImageGenerator generator = new ObjectImageGenerator(11);
        for (int i = 0; i < 300; i++) {
            ObjectImageGenerator.Drawn d = generator.draw();
            String name = "object-" + i + (i % 2 == 0 ? ".png" : ".jpg");
            BufferedImage image = d.image();
            ImageIO.write(image, i % 2 == 0 ? "png" : "jpg", folder.resolve(name).toFile());
            labels.add(name + "," + d.label());
        }
        Files.write(folder.resolve("labels.csv"), labels);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = DqmStream.commandLine().execute("train", "objects", "--folder", folder.toString(), "--epochs", "3",
                    "--images-per-class", "200", "--out", dir.resolve("model").toString(),
                    "--report", dir.resolve("report").toString(), "--fault-epochs", "5",
                    "--events-per-lumisection", "20");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("natural mix, prior-corrected").contains("rod").contains("Fault autoencoder");
        for (String f : new String[] {"per_class.csv", "summary.csv", "confusion.csv", "confusion_prior_corrected.csv",
                "faults.csv"}) {
            assertThat(dir.resolve("report").resolve(f)).exists();
        }
        ImageSourceBundle bundle = ImageSourceBundle.load(dir.resolve("model"), ImageSource.OBJECTS);
        assertThat(bundle.classifier().classes()).containsExactly("cell", "cluster", "rod");
        assertThat(bundle.reference()).isNotNull();
        assertThat(bundle.autoencoder()).isNotNull();
        assertThat(bundle.metrics()).containsKeys("test_macro_f1", "test_log_loss_prior_corrected");
    }
}
