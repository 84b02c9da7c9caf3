package org.dqmstream.monitor;

import java.time.Duration;
import org.dqmstream.metrics.MonitorMetrics;

/**
 * How a scoring processor takes its input: from which topic, with which size limit, in batches of at most
 * {@code maxRecords} or {@code maxWait}, buffered in which store (see {@link BatchingProcessor}).
 */
record Batching(String inputTopic, int maxRecordBytes, int maxRecords, Duration maxWait, String bufferStore,
                MonitorMetrics metrics, TaskActivity activity) {
}
