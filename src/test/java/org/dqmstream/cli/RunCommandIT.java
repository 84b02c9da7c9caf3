package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.image.NovaFaultModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The run command as a user types it, pointed at an existing (here: embedded) Kafka cluster. */
class RunCommandIT {
    @TempDir
    Path dir;

    @Test
    void runsAgainstAnExistingClusterWithTheGeneratorAndPrintsTheSummary() throws Exception {
        Path model = dir.resolve("model");
        TestModels.bundle().save(model);
        Path nova = dir.resolve("nova");
        NovaFaultModel.bundle().save(nova);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = DqmStream.commandLine().execute("run", "--bootstrap-servers", broker.bootstrapServers(),
                    "--model", model.toString(), "--generator", "--duration", "12",
                    "--images", "nova", "-D", "images.nova.model-dir=" + nova, "-D", "generator.image-rate=150",
                    "-D", "metrics.port=0", "-D", "console.interval-seconds=3",
                    "-D", "kafka.application.id=run-it-" + UUID.randomUUID());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        Matcher m = Pattern.compile("(\\d+) lumisections scored").matcher(out);
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        assertThat(last).as("lumisections scored by the end:\n" + out).isGreaterThan(50);
        assertThat(out).contains("Ecal").contains("WARNING");
        assertThat(out).as("generated NOvA lumisections of 100 events are judged").contains("NovaDetector");
    }

    @Test
    void badConfigurationStopsWithTheKeyNamed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = DqmStream.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute("run", "-D", "batch.max-records=lots", "--model", dir.toString());
        assertThat(exit).isEqualTo(DqmStream.USER_ERROR);
        assertThat(err.toString().strip()).isEqualTo(
                "dqm-stream: configuration key 'batch.max-records': must be a whole number, got 'lots'");
    }
}
