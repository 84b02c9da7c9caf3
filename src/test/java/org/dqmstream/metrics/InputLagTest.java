package org.dqmstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

class InputLagTest {

    @Test
    void reportsTheMainConsumersPartitionLagAndIgnoresTheRestoreConsumer() {
        try (Metrics kafka = new Metrics()) {
            lag(kafka, "app-StreamThread-1-consumer", "0", 120);
            lag(kafka, "app-StreamThread-2-consumer", "1", 7);
            lag(kafka, "app-StreamThread-1-restore-consumer", "2", 999);
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new InputLag(kafka::metrics));

            String text = MetricsText.scrape(registry);
            assertThat(MetricsText.value(text, "dqm_input_lag_records{partition=\"0\",topic=\"dqm.lumisections\"}"))
                    .isEqualTo(120);
            assertThat(MetricsText.value(text, "dqm_input_lag_records{partition=\"1\",topic=\"dqm.lumisections\"}"))
                    .isEqualTo(7);
            assertThat(text).doesNotContain("partition=\"2\"");
        }
    }

    private static void lag(Metrics kafka, String client, String partition, double value) {
        MetricName name = kafka.metricName("records-lag", "consumer-fetch-manager-metrics",
                Map.of("client-id", client, "topic", "dqm.lumisections", "partition", partition));
        kafka.sensor(client + partition).add(name, new Value());
        kafka.sensor(client + partition).record(value);
    }
}
