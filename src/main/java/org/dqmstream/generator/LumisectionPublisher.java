package org.dqmstream.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.records.LumisectionFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes generated lumisections to Kafka at a steady rate, keyed by run so that a run's
 * lumisections stay in order on one partition. Timestamps are the publishing time, as from a live detector.
 */
public final class LumisectionPublisher implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LumisectionPublisher.class);

    private final LumisectionGenerator generator;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final double ratePerSecond;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running = true;

    public LumisectionPublisher(LumisectionGenerator generator, Properties clientProperties, String topic,
                                double ratePerSecond) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put("acks", "all");
        p.put("linger.ms", "5");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.generator = generator;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
    }

    public long published() {
        return published.get();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            while (running) {
                LumisectionFeatures record = generator.next().record();
                record.setTimestamp(Instant.now());
                producer.send(new ProducerRecord<>(topic, null, record.getTimestamp().toEpochMilli(),
                        Integer.toString(record.getRun()).getBytes(StandardCharsets.UTF_8), AvroRecords.encode(record)));
                long due = start + (long) (published.incrementAndGet() * 1e9 / ratePerSecond);
                long sleepNanos = due - System.nanoTime();
                if (sleepNanos > 0) {
                    Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Lumisection generator stopped", e);
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close();
    }
}
