package org.dqmstream.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.avro.message.MessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;

/**
 * The shift crew's console: reads the committed output topics and prints, every interval, how many
 * lumisections were scored, dead letters by reason, flags per subsystem, and the latest BAD
 * lumisections with the subsystems they fail and why.
 */
public final class ConsoleSummary implements Runnable, AutoCloseable {
    private static final int LATEST_BAD = 5;
    private static final MessageDecoder<DeadLetter> DEAD_LETTERS = AvroRecords.decoder(DeadLetter.getClassSchema());
    private static final MessageDecoder<SubsystemFlag> FLAGS = AvroRecords.decoder(SubsystemFlag.getClassSchema());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final MonitorConfig.Topics topics;
    private final Duration interval;
    private final PrintStream out;
    private final Supplier<List<String>> streamProblems;

    private long scored;
    private final Map<String, Long> deadByReason = new TreeMap<>();
    private final Map<String, long[]> levelsBySubsystem = new TreeMap<>();
    /** Latest BAD lumisections, oldest first, each with its BAD flags. */
    private final Map<LumisectionId, List<SubsystemFlag>> latestBad = new LinkedHashMap<>();

    /** @param streamProblems what keeps the stream from its work now (see {@link Monitor#problems()}) */
    public ConsoleSummary(Properties clientProperties, MonitorConfig.Topics topics, Duration interval,
                          PrintStream out, Supplier<List<String>> streamProblems) {
        this.consumer = KafkaClients.committedReader(clientProperties,
                "dqm-stream-console-" + ProcessHandle.current().pid());
        this.topics = topics;
        this.interval = interval;
        this.out = out;
        this.streamProblems = streamProblems;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topics.scores(), topics.flags(), topics.deadLetter()));
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

    void take(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(topics.scores())) {
                scored++;
            } else if (r.topic().equals(topics.deadLetter())) {
                deadByReason.merge(AvroRecords.decode(DEAD_LETTERS, r.value(), Integer.MAX_VALUE).getReason(),
                        1L, Long::sum);
            } else {
                flagged(AvroRecords.decode(FLAGS, r.value(), Integer.MAX_VALUE));
            }
        } catch (RecordRejectedException e) {
            out.println("console: unreadable output record on " + r.topic() + ": " + e.getMessage());
        }
    }

    private void flagged(SubsystemFlag f) {
        levelsBySubsystem.computeIfAbsent(f.getSubsystem(), s -> new long[3])[f.getLevel().ordinal()]++;
        if (f.getLevel() != FlagLevel.BAD) {
            return;
        }
        LumisectionId id = new LumisectionId(f.getRun(), f.getLumisection());
        latestBad.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
        while (latestBad.size() > LATEST_BAD) {
            latestBad.remove(latestBad.keySet().iterator().next());
        }
    }

    String render() {
        StringBuilder b = new StringBuilder();
        long dead = deadByReason.values().stream().mapToLong(Long::longValue).sum();
        b.append(String.format(Locale.ROOT, "%n== dqm-stream: %d lumisections scored, %d dead-lettered%s%n", scored, dead,
                dead == 0 ? "" : " " + deadByReason));
        streamProblems.get().forEach(p -> b.append("   STREAM NOT HEALTHY: ").append(p).append('\n'));
        int width = levelsBySubsystem.keySet().stream().mapToInt(String::length).max().orElse(0);
        String name = "   %-" + Math.max(9, width) + "s";
        b.append(String.format(Locale.ROOT, name + " %7s %7s %7s%n", "subsystem", "GOOD", "WARNING", "BAD"));
        levelsBySubsystem.forEach((s, n) -> b.append(String.format(Locale.ROOT, name + " %7d %7d %7d%n", s, n[0],
                n[1], n[2])));
        if (!latestBad.isEmpty()) {
            b.append("   latest BAD lumisections:\n");
            latestBad.forEach((id, flags) -> {
                SubsystemFlag worst = flags.stream().max(Comparator.comparingDouble(SubsystemFlag::getScore))
                        .orElseThrow();
                TreeSet<String> subsystems = new TreeSet<>();
                flags.forEach(f -> subsystems.add(f.getSubsystem()));
                b.append(String.format(Locale.ROOT, "   run %d LS %d BAD for %s%n      %s%n", id.run(), id.lumisection(),
                        String.join(", ", subsystems), worst.getReason()));
            });
        }
        return b.toString();
    }

    @Override
    public void close() {
        consumer.wakeup();
    }
}
