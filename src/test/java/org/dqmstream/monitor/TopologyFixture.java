package org.dqmstream.monitor;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.model.ModelBundle;

/** The monitor's whole topology in a {@link TopologyTestDriver}, its topics named by the configuration. */
final class TopologyFixture implements AutoCloseable {
    private final MonitorConfig config;
    private final TopologyTestDriver driver;

    /**
     * @param imageModels models of the configured image sources that loaded
     * @param stateDir    a directory of its own under target/, so that fixtures of different tests never share one
     */
    TopologyFixture(MonitorConfig config, ModelBundle model, List<ImageSourceBundle> imageModels,
                    PrometheusRegistry registry, String stateDir) {
        this.config = config;
        this.driver = new TopologyTestDriver(MonitorTopology.build(config, config.topics().partitions(),
                new LiveModel(model, config), new LiveImageModels(imageModels, config.images()),
                new MonitorMetrics(registry)), config.streamsProperties("unused:9092", Path.of("target", stateDir)),
                Instant.EPOCH);
    }

    TestInputTopic<byte[], byte[]> input(Function<MonitorConfig.Topics, String> topic) {
        return driver.createInputTopic(topic.apply(config.topics()), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    TestOutputTopic<byte[], byte[]> output(Function<MonitorConfig.Topics, String> topic) {
        return driver.createOutputTopic(topic.apply(config.topics()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    void advanceWallClockTime(Duration by) {
        driver.advanceWallClockTime(by);
    }

    @Override
    public void close() {
        driver.close();
    }
}
