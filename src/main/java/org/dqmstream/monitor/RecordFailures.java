package org.dqmstream.monitor;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.message.MessageDecoder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.dqmstream.records.DeadLetter;

/**
 * Kafka Streams' handler of a record that failed to process or to produce its output: it tells
 * {@link StreamHealth} which input record it was, then fails the task. The task is retried from its last
 * commit; StreamHealth stops the monitor once the same record has failed too often, instead of an endless
 * replace-and-retry loop. (Our processors dead-letter every bad input themselves, so what reaches here is a
 * failure of the cluster or of the monitor, never silently skipped.)
 */
public final class RecordFailures implements ProcessingExceptionHandler, ProductionExceptionHandler {
    /** The streams configuration key under which the monitor hands over its {@link StreamHealth}. */
    static final String HEALTH_CONFIG = "dqm.stream.health";

    private static final MessageDecoder<DeadLetter> DEAD_LETTERS = DeadLetter.getDecoder();

    private StreamHealth health;

    @Override
    public void configure(Map<String, ?> configs) {
        health = (StreamHealth) configs.get(HEALTH_CONFIG);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        failed(context, exception);
        return ProcessingExceptionHandler.Response.fail();
    }

    /**
     * A send that failed after the fact (the broker refused it) comes without its input record: a dead
     * letter names its own; for other outputs the task and output topic stand for it.
     */
    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (context.topic() != null) {
            failed(context, exception);
        } else if (health != null) {
            health.recordFailed(origin(record).orElse("task " + context.taskId() + "'s output to " + record.topic()),
                    exception);
        }
        return ProductionExceptionHandler.Response.fail();
    }

    private void failed(ErrorHandlerContext context, Exception exception) {
        if (health != null) {
            health.recordFailed(StreamHealth.inputRecord(context.topic(), context.partition(), context.offset()),
                    exception);
        }
    }

    private static Optional<String> origin(ProducerRecord<byte[], byte[]> record) {
        try {
            DeadLetter letter = DEAD_LETTERS.decode(record.value());
            return Optional.of(StreamHealth.inputRecord(letter.getSourceTopic(), letter.getPartition(),
                    letter.getOffset()));
        } catch (IOException | RuntimeException notADeadLetter) {
            return Optional.empty();
        }
    }
}
