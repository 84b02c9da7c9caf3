package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {
    private final MonitorConfig.Topics topics = MonitorConfig.defaults().topics();

    private static SubsystemFlag flag(int ls, String subsystem, FlagLevel level, double score) {
        return new SubsystemFlag(146_300, ls, Instant.EPOCH, subsystem, level, score, 1.0, 2.0, "v1", "lumisection",
                List.of(), subsystem + " " + level + ": reason " + score, "autoencoder");
    }

    private ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 0, null, value);
    }

    @Test
    void summarizesScoresDeadLettersFlagsAndLatestBadLumisections() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "127.0.0.1:1");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (ConsoleSummary console = new ConsoleSummary(client, topics, Duration.ofSeconds(1), new PrintStream(text),
                () -> List.of("input partition dqm.lumisection-features-0 is stalled"))) {
            console.take(record(topics.scores(), new byte[0]));
            console.take(record(topics.scores(), new byte[0]));
            console.take(record(topics.deadLetter(), AvroRecords.encode(DeadLetter.newBuilder()
                    .setSourceTopic("in").setPartition(0).setOffset(7L).setReason("NON_FINITE").setDetail("x")
                    .setTimestamp(Instant.EPOCH).build())));
            console.take(record(topics.flags(), AvroRecords.encode(flag(1, "Ecal", FlagLevel.GOOD, 0.1))));
            console.take(record(topics.flags(), AvroRecords.encode(flag(2, "Ecal", FlagLevel.BAD, 3.0))));
            console.take(record(topics.flags(), AvroRecords.encode(flag(2, "Hcal", FlagLevel.BAD, 4.0))));
            console.take(record(topics.flags(), "garbage".getBytes()));
            String summary = console.render();
            assertThat(summary).contains("2 lumisections scored, 1 dead-lettered {NON_FINITE=1}");
            assertThat(summary).containsPattern("Ecal\\s+1\\s+0\\s+1");
            assertThat(summary).contains("run 146300 LS 2 BAD for Ecal, Hcal").contains("Hcal BAD: reason 4.0");
            assertThat(summary).doesNotContain("LS 1 BAD");
            assertThat(summary).contains("STREAM NOT HEALTHY: input partition dqm.lumisection-features-0 is stalled");
        }
        assertThat(text.toString()).contains("unreadable output record");
    }
}
