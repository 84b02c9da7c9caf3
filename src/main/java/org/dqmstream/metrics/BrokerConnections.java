package org.dqmstream.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Open connections from the monitor's main consumer to the Kafka cluster, read from the client's own
 * metrics at scrape time: 0 while the cluster is unreachable, which the clients keep retrying.
 */
public final class BrokerConnections implements Collector {
    static final String NAME = "dqm_kafka_connections";

    private final Supplier<Map<MetricName, ? extends Metric>> clientMetrics;

    /** @param clientMetrics e.g. {@code KafkaStreams::metrics} */
    public BrokerConnections(Supplier<Map<MetricName, ? extends Metric>> clientMetrics) {
        this.clientMetrics = clientMetrics;
    }

    /** Connections of the stream threads' consumers, not counting the restore consumers. */
    public int count() {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : clientMetrics.get().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("connection-count") && name.group().equals("consumer-metrics")
                    && !name.tags().getOrDefault("client-id", "").endsWith("restore-consumer")
                    && e.getValue().metricValue() instanceof Number n) {
                sum += n.doubleValue();
            }
        }
        return (int) sum;
    }

    @Override
    public MetricSnapshot collect() {
        return GaugeSnapshot.builder().name(NAME)
                .help("Open connections from the monitor's consumers to the Kafka cluster; 0 while it is unreachable")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(count()).build()).build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
