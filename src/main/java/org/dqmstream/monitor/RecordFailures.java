package org.dqmstream.monitor;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

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

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record, Exception exception) {
        failed(context, exception);
        return ProductionExceptionHandler.Response.fail();
    }

    private void failed(ErrorHandlerContext context, Exception exception) {
        if (health != null && context.topic() != null) {
            health.recordFailed(new StreamHealth.InputRecord(context.topic(), context.partition(), context.offset()),
                    exception);
        }
    }
}
