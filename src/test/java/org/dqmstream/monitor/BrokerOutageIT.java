package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.image.SeparableParticles;
import org.dqmstream.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away mid-stream and comes back: the monitor says so in its log and in
 * dqm_kafka_connections, keeps retrying, and then finishes with exactly one output per input.
 */
class BrokerOutageIT {
    private static final int LUMISECTIONS = 20_000;
    private static final int IMAGE_LUMISECTIONS = 10;
    private static final long EXPECTED = LUMISECTIONS + (long) IMAGE_LUMISECTIONS * MonitorFleet.EVENTS_PER_LUMISECTION;

    @TempDir
    Path dir;

    @Test
    void theMonitorRetriesThroughAnOutageAndResumesExactlyOnce() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        bundle.save(dir.resolve("model"));
        SeparableParticles.bundle().save(dir.resolve("particles"));
        int metricsPort;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            metricsPort = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            MonitorFleet fleet = new MonitorFleet(dir, broker.bootstrapServers(), "outage-it-" + UUID.randomUUID());
            TopicSetup.ensure(fleet.client(), fleet.config().topics().all(), 3);
            fleet.publish(bundle, LUMISECTIONS, IMAGE_LUMISECTIONS);
            Process monitor = fleet.start("only", "metrics.port=" + metricsPort);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (fleet.consumed() < 1_000 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                long before = fleet.consumed();
                assertThat(before).as("under way before the outage").isBetween(1L, EXPECTED - 1);

                broker.stop();
                Thread.sleep(15_000);
                assertThat(monitor.isAlive()).as("the monitor survives the outage").isTrue();
                assertThat(connections(metricsPort)).as("dqm_kafka_connections during the outage").isZero();
                assertThat(Files.readString(fleet.lastLog())).contains("No connection to the Kafka cluster at "
                        + broker.bootstrapServers());

                broker.restart();
                fleet.awaitConsumed(EXPECTED, Duration.ofMinutes(8));
                Thread.sleep(9_000); // image lumisections close after their 4 s idle timeout; one more check
                assertThat(connections(metricsPort)).as("dqm_kafka_connections after the outage").isPositive();
                assertThat(Files.readString(fleet.lastLog())).contains("Connection to the Kafka cluster at "
                        + broker.bootstrapServers() + " is back");
            } finally {
                monitor.destroy();
                monitor.waitFor(60, TimeUnit.SECONDS);
            }
            fleet.auditExactlyOnce(LUMISECTIONS, IMAGE_LUMISECTIONS, bundle.subsystems().subsystems().size());
        }
    }

    private static double connections(int port) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("dqm_kafka_connections ")).mapToDouble(
                l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst().orElse(Double.NaN);
    }
}
