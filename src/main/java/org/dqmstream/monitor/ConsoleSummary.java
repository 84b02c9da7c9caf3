package org.dqmstream.monitor;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;

/**
 * The shifter's console: reads the committed output topics and prints, every interval, how many
 * lumisections were scored, flags per subsystem, dead letters, and the latest BAD lumisections with why.
 */
public final class ConsoleSummary implements Runnable, AutoCloseable {
    private static final int LATEST_BAD = 5;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String flagsTopic;
    private final String deadLetterTopic;
    private final Duration interval;
    private final PrintStream out;

    private final Map<String, long[]> levelsBySubsystem = new TreeMap<>();
    private final Map<String, Long> deadByReason = new TreeMap<>();
    private final Deque<SubsystemFlag> latestBad = new ArrayDeque<>();
    private long lumisections;

    public ConsoleSummary(Properties clientProperties, String flagsTopic, String deadLetterTopic, Duration interval,
                          PrintStream out) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put("group.id", "dqm-stream-console-" + ProcessHandle.current().pid());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.flagsTopic = flagsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.interval = interval;
        this.out = out;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(flagsTopic, deadLetterTopic));
        long nextPrint = System.nanoTime() + interval.toNanos();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    take(r);
                }
                if (System.nanoTime() >= nextPrint) {
                    out.print(render());
                    out.flush();
                    nextPrint = System.nanoTime() + interval.toNanos();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(deadLetterTopic)) {
                DeadLetter d = AvroRecords.decode(DeadLetter.getDecoder(), r.value(), Integer.MAX_VALUE);
                deadByReason.merge(d.getReason(), 1L, Long::sum);
                return;
            }
            SubsystemFlag f = AvroRecords.decode(SubsystemFlag.getDecoder(), r.value(), Integer.MAX_VALUE);
            levelsBySubsystem.computeIfAbsent(f.getSubsystem(), s -> new long[3])[f.getLevel().ordinal()]++;
            if (f.getLevel() == FlagLevel.BAD) {
                latestBad.addFirst(f);
                while (latestBad.size() > LATEST_BAD) {
                    latestBad.removeLast();
                }
            }
            lumisections = Math.max(lumisections, levelsBySubsystem.get(f.getSubsystem())[0]
                    + levelsBySubsystem.get(f.getSubsystem())[1] + levelsBySubsystem.get(f.getSubsystem())[2]);
        } catch (RecordRejectedException e) {
            out.println("console: unreadable output record on " + r.topic() + ": " + e.getMessage());
        }
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n== dqm-stream: %d lumisections scored, %d dead-lettered %s%n",
                lumisections, deadByReason.values().stream().mapToLong(Long::longValue).sum(),
                deadByReason.isEmpty() ? "" : deadByReason));
        b.append(String.format(Locale.ROOT, "   %-8s %7s %7s %7s%n", "subsystem", "GOOD", "WARNING", "BAD"));
        levelsBySubsystem.forEach((s, n) -> b.append(String.format(Locale.ROOT, "   %-8s %7d %7d %7d%n", s, n[0],
                n[1], n[2])));
        if (!latestBad.isEmpty()) {
            b.append("   latest BAD:\n");
            latestBad.forEach(f -> b.append(String.format(Locale.ROOT, "   run %d LS %d %s%n", f.getRun(),
                    f.getLumisection(), f.getReason())));
        }
        return b.toString();
    }

    @Override
    public void close() {
        consumer.wakeup();
    }
}
