package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.image.SeparableParticles;
import org.dqmstream.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three monitor JVMs of one application share a 6-partition input; one is killed with SIGKILL
 * mid-stream. Its partitions move to the two survivors, which finish the work with nothing lost and
 * nothing twice.
 */
class ScaleOutIT {
    private static final int LUMISECTIONS = 30_000;
    private static final int IMAGE_LUMISECTIONS = 30;
    private static final long EXPECTED = LUMISECTIONS + (long) IMAGE_LUMISECTIONS * MonitorFleet.EVENTS_PER_LUMISECTION;

    @TempDir
    Path dir;

    @Test
    void partitionsOfAKilledInstanceMoveToTheSurvivors() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        bundle.save(dir.resolve("model"));
        SeparableParticles.bundle().save(dir.resolve("particles"));
        String application = "scale-out-it-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            MonitorFleet fleet = new MonitorFleet(dir, broker.bootstrapServers(), application);
            TopicSetup.ensure(fleet.client(), fleet.config().topics().all(), 6);
            fleet.publish(bundle, LUMISECTIONS, IMAGE_LUMISECTIONS);
            List<Process> monitors = new ArrayList<>();
            try {
                for (String instance : List.of("a", "b", "c")) {
                    monitors.add(fleet.start(instance));
                }
                awaitMembers(fleet, application, 3, Duration.ofSeconds(90));
                long start = fleet.consumed();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (fleet.consumed() - start < 2_000 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                long atKill = fleet.consumed();
                monitors.get(0).destroyForcibly().waitFor();
                System.out.printf("SIGKILL of instance a with %d of %d input records committed%n", atKill, EXPECTED);
                assertThat(atKill).as("killed mid-stream").isBetween(1L, EXPECTED - 1);
                awaitMembers(fleet, application, 2, Duration.ofSeconds(60));
                fleet.awaitConsumed(EXPECTED, Duration.ofMinutes(8));
                Thread.sleep(8_000); // image lumisections close after their 4 s idle timeout
            } finally {
                for (Process p : monitors) {
                    p.destroy();
                    p.waitFor(60, TimeUnit.SECONDS);
                }
            }
            fleet.auditExactlyOnce(LUMISECTIONS, IMAGE_LUMISECTIONS, bundle.subsystems().subsystems().size());
        }
    }

    /** Until the group has this many members, all of them with partitions. */
    private static void awaitMembers(MonitorFleet fleet, String application, int members, Duration atMost)
            throws Exception {
        try (Admin admin = Admin.create(fleet.client())) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsMatching(e -> e.getCause() instanceof GroupIdNotFoundException)
                    .alias("the group to have " + members + " members, each with partitions").until(() -> {
                        var group = admin.describeConsumerGroups(List.of(application)).all()
                                .get(30, TimeUnit.SECONDS).get(application);
                        return group.members().size() == members && group.members().stream()
                                .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                    });
        }
    }
}
