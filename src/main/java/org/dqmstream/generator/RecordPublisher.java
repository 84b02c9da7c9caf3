package org.dqmstream.generator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.image.ImageLumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.LumisectionFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes records to one topic at a steady rate, keyed by run so that a run's records stay in order on
 * one partition, on a thread of its own. Timestamps are the publishing time, as from a live detector.
 */
public final class RecordPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordPublisher.class);
    /** A publisher that fell behind (a stall, a slow broker) catches up at most this much at once. */
    private static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

    /** A run's key and the encoded record. */
    public record Keyed(int run, byte[] value) {
    }

    private final Function<Instant, List<Keyed>> source;
    private final String name;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final double ratePerSecond;
    private final Deque<Keyed> pending = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param source        the next group of records (one lumisection, or one lumisection's events), stamped
     *                      with the given time; an empty group when there are no more
     * @param ratePerSecond records per second
     */
    public RecordPublisher(String name, Function<Instant, List<Keyed>> source, Properties clientProperties, String topic,
                           double ratePerSecond) {
        this.producer = KafkaClients.producer(clientProperties);
        this.name = name;
        this.source = source;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.thread = new Thread(this::publish, name);
        thread.setDaemon(true);
    }

    /** Generated lumisections, one record each. */
    public static RecordPublisher lumisections(LumisectionGenerator generator, Properties clientProperties, String topic,
                                               double ratePerSecond) {
        return new RecordPublisher("lumisection-generator", now -> {
            LumisectionFeatures record = generator.next().record();
            record.setTimestamp(now);
            return List.of(new Keyed(record.getRun(), AvroRecords.encode(record)));
        }, clientProperties, topic, ratePerSecond);
    }

    /** Generated event images, a lumisection's events at a time. */
    public static RecordPublisher images(ImageLumisectionGenerator generator, Properties clientProperties, String topic,
                                         double eventsPerSecond) {
        return new RecordPublisher("image-generator", now -> {
            List<EventImage> events = generator.next(now);
            return events.stream().map(e -> new Keyed(e.getRun(), AvroRecords.encode(e))).toList();
        }, clientProperties, topic, eventsPerSecond);
    }

    public void start() {
        thread.start();
    }

    /** Stops publishing after the current record; {@link #close()} then delivers what was sent. */
    public void stop() {
        running = false;
    }

    /** Until the source has run out or the publisher was stopped, at most {@code atMost}. */
    public boolean await(Duration atMost) throws InterruptedException {
        thread.join(atMost.toMillis());
        return !thread.isAlive();
    }

    private void publish() {
        long start = System.nanoTime();
        long published = 0;
        try {
            while (running) {
                if (pending.isEmpty()) {
                    pending.addAll(source.apply(Instant.now()));
                    if (pending.isEmpty()) {
                        return;
                    }
                }
                Keyed record = pending.poll();
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                        Integer.toString(record.run()).getBytes(StandardCharsets.UTF_8), record.value()));
                long due = start + (long) (++published * 1e9 / ratePerSecond);
                long sleepNanos = due - System.nanoTime();
                if (sleepNanos > 0) {
                    Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                } else if (sleepNanos < -MAX_CATCH_UP_NANOS) {
                    start -= sleepNanos + MAX_CATCH_UP_NANOS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{} stopped", name, e);
        }
    }

    /** Stops, and waits for the records sent so far to be delivered. */
    @Override
    public void close() {
        stop();
        try {
            if (!await(Duration.ofSeconds(10))) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
