package org.dqmstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorConfigTest {
    @TempDir
    Path dir;

    @Test
    void theStreamPollsNoLongerThanABatchWaitsAndCommitsOftenForLiveDelay() {
        MonitorConfig c = MonitorConfig.defaults();
        assertThat(c.streamsProperties("b:1", dir)).containsEntry("poll.ms", "10").containsEntry("commit.interval.ms", "30");
        assertThat(c.with(Map.of("batch.max-wait-ms", "60000")).streamsProperties("b:1", dir)).containsEntry("poll.ms", "100");
        assertThat(c.with(Map.of("kafka.client.commit.interval.ms", "1000")).streamsProperties("b:1", dir))
                .as("an operator's setting wins").containsEntry("commit.interval.ms", "1000");
    }

    @Test
    void defaultsDescribeTheEmbeddedMonitor() {
        MonitorConfig c = MonitorConfig.defaults();
        assertThat(c.kafka().embedded()).isTrue();
        assertThat(c.kafka().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.batch().maxWait()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.subsystemSources()).containsEntry("Ecal", "photons,calo").hasSize(16);
        assertThat(c.metrics().host()).isEqualTo("127.0.0.1");
        assertThat(c.images().sources()).as("image stream off unless sources are configured").isEmpty();
        assertThat(c.topics().all()).contains("dqm.event-images", "dqm.image-classifications");
        MonitorConfig withImages = c.with(Map.of("images.sources", "particles, nova", "images.nova.model-dir", "m/n"));
        assertThat(withImages.images().sources()).containsOnlyKeys("particles", "nova");
        assertThat(withImages.images().sources().get("nova")).isEqualTo(
                new MonitorConfig.ImageSourceConfig(Path.of("m/n"), "NumuId", "NovaDetector"));
        assertThat(withImages.with(Map.of()).images()).isEqualTo(withImages.images());
    }

    @Test
    void unknownImageSourcesAndMissingSourceKeysAreNamed() {
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("images.sources", "calorimeter")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("images.sources")
                .hasMessageContaining("calorimeter").hasMessageContaining("nova");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("images.sources", "nova",
                "images.nova.fault-subsystem", ""))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("images.nova.fault-subsystem");
    }

    @Test
    void fileThenEnvironmentThenOverridesWin() throws IOException {
        Path file = Files.writeString(dir.resolve("m.properties"),
                "batch.max-records=64\nmetrics.port=9999\nkafka.client.security.protocol=SSL\n");
        MonitorConfig c = MonitorConfig.load(file, Map.of("DQM_METRICS_PORT", "9100",
                "DQM_KAFKA_BOOTSTRAP_SERVERS", "broker:9092", "DQM_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "UNRELATED", "x"), Map.of("batch.max-wait-ms", "20"));
        assertThat(c.batch().maxRecords()).isEqualTo(64);
        assertThat(c.metrics().port()).isEqualTo(9100);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(c.kafka().embedded()).isFalse();
        assertThat(c.batch().maxWait()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.kafka().clientProperties()).containsEntry("security.protocol", "SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(c.streamsProperties("b:1", dir)).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("processing.guarantee", "exactly_once_v2").containsEntry("bootstrap.servers", "b:1");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("batch.max-records", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'batch.max-records'")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("kafka.processing.guarantee", "maybe")))
                .hasMessageContaining("'kafka.processing.guarantee'").hasMessageContaining("exactly_once_v2");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("metrics.port", "70000")))
                .hasMessageContaining("'metrics.port'").hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("training.bad-false-alarm-rate", "0.2")))
                .hasMessageContaining("'training.bad-false-alarm-rate'").hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("topics.flags", " ")))
                .hasMessageContaining("'topics.flags'").hasMessageContaining("empty");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("images.bad-p", "0.5")))
                .hasMessageContaining("'images.bad-p'").hasMessageContaining("must not exceed images.warning-p");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("images.min-events", "1")))
                .hasMessageContaining("'images.min-events'");
        assertThatThrownBy(() -> MonitorConfig.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageContaining("cannot read");
    }

    @Test
    void limitsThatWouldLetADeadLetterStallItsPartitionAreRefusedNamingTheKeys() {
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("input.max-record-bytes", "1056768")))
                .hasMessageContaining("'output.max-record-bytes'").hasMessageContaining("input.max-record-bytes");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("kafka.client.max.request.size", "1048576")))
                .hasMessageContaining("'kafka.client.max.request.size'").hasMessageContaining("output.max-record-bytes");
        assertThatThrownBy(() -> MonitorConfig.defaults().with(Map.of("input.earliest-timestamp", "2000-01-01")))
                .hasMessageContaining("'input.earliest-timestamp'").hasMessageContaining("ISO-8601");
        MonitorConfig larger = MonitorConfig.defaults().with(Map.of("input.max-record-bytes", "4000000",
                "output.max-record-bytes", "4008192"));
        assertThat(larger.streamsProperties("b:9092", dir)).containsEntry("producer.max.request.size", "4008192")
                .containsEntry("topic.max.message.bytes", "4008192");
    }

    @Test
    void theByRunTopicIsTheApplicationsOwnUnlessNamed() {
        MonitorConfig config = MonitorConfig.defaults().with(Map.of("kafka.application.id", "shift-a"));
        assertThat(config.topics().lumisectionsByRun()).isEqualTo("shift-a-lumisections-by-run");
        assertThat(config.with(Map.of("kafka.application.id", "shift-b")).topics().lumisectionsByRun())
                .as("follows another application id").isEqualTo("shift-b-lumisections-by-run");
        assertThat(config.with(Map.of("topics.lumisections-by-run", "by-run")).topics().lumisectionsByRun())
                .isEqualTo("by-run");
    }

    @Test
    void environmentNamesFollowKeys() {
        assertThat(MonitorConfig.environmentName("batch.max-wait-ms")).isEqualTo("DQM_BATCH_MAX_WAIT_MS");
        assertThat(MonitorConfig.environmentName("subsystems.Muon")).isEqualTo("DQM_SUBSYSTEMS_MUON");
    }
}
