package org.dqmstream.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Consumer lag of the monitor's input partitions, read from the Kafka clients' own metrics at scrape
 * time: how many records the monitor is behind the newest one, per topic and partition.
 */
public final class InputLag implements Collector {
    static final String NAME = "dqm_input_lag_records";

    private final Supplier<Map<MetricName, ? extends Metric>> clientMetrics;

    /** @param clientMetrics e.g. {@code KafkaStreams::metrics} */
    public InputLag(Supplier<Map<MetricName, ? extends Metric>> clientMetrics) {
        this.clientMetrics = clientMetrics;
    }

    @Override
    public MetricSnapshot collect() {
        // Keyed by topic and partition: during a rebalance two consumers may briefly report one partition.
        Map<List<String>, Double> lag = new TreeMap<>((a, b) -> (a.get(0) + "/" + a.get(1)).compareTo(b.get(0) + "/" + b.get(1)));
        clientMetrics.get().forEach((name, metric) -> {
            Map<String, String> tags = name.tags();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && tags.containsKey("partition") && !tags.getOrDefault("client-id", "").endsWith("restore-consumer")
                    && metric.metricValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                lag.merge(List.of(tags.get("topic"), tags.get("partition")), n.doubleValue(), Math::max);
            }
        });
        GaugeSnapshot.Builder snapshot = GaugeSnapshot.builder().name(NAME)
                .help("Records in the input partition not yet consumed by the monitor");
        lag.forEach((key, value) -> snapshot.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("topic", key.get(0), "partition", key.get(1))).value(value).build()));
        return snapshot.build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
