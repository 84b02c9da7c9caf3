package org.dqmstream.monitor;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.metrics.InputLag;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.model.ModelBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running monitor: the Kafka Streams application and its Prometheus endpoint. */
public final class Monitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);

    private final KafkaStreams streams;
    private final HTTPServer metricsServer;
    private final Path temporaryStateDir;

    private Monitor(KafkaStreams streams, HTTPServer metricsServer, Path temporaryStateDir) {
        this.streams = streams;
        this.metricsServer = metricsServer;
        this.temporaryStateDir = temporaryStateDir;
    }

    public static Monitor start(MonitorConfig config, ModelBundle bundle, String bootstrapServers) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        MonitorMetrics metrics = new MonitorMetrics(registry);
        metrics.lumisectionModelLoaded("lumisection", bundle);
        List<ImageSourceBundle> imageModels = loadImageModels(config, metrics);
        HTTPServer http = HTTPServer.builder().hostname(config.metrics().host()).port(config.metrics().port())
                .registry(registry).buildAndStart();
        Path temporary = config.kafka().stateDir().isEmpty() ? Files.createTempDirectory("dqm-state-") : null;
        Path stateDir = temporary != null ? temporary : Path.of(config.kafka().stateDir());
        KafkaStreams streams = new KafkaStreams(MonitorTopology.build(config, bundle, imageModels, metrics),
                config.streamsProperties(bootstrapServers, stateDir));
        registry.register(new InputLag(streams::metrics));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        log.info("Monitor started: model {}, metrics on http://{}:{}/metrics", bundle.version(),
                config.metrics().host(), http.getPort());
        return new Monitor(streams, http, temporary);
    }

    /**
     * Loads each configured image source's bundle. A source whose bundle fails to load is left out, with
     * an error log line and a metric for the alert, so that the other sources and the lumisection
     * stream keep being monitored; its records are dead-lettered.
     */
    private static List<ImageSourceBundle> loadImageModels(MonitorConfig config, MonitorMetrics metrics) {
        List<ImageSourceBundle> loaded = new ArrayList<>();
        config.images().sources().forEach((id, source) -> {
            try {
                ImageSourceBundle images = ImageSourceBundle.load(source.modelDir(), ImageSource.ofId(id));
                metrics.imageModelLoaded(id, images.version(), images.reference());
                loaded.add(images);
            } catch (IOException | RuntimeException e) {
                log.error("Image source '{}' is NOT monitored: its model bundle at {} could not be loaded ({}); "
                        + "its records go to the dead-letter topic", id, source.modelDir(), e.getMessage());
                metrics.modelLoadFailed(id);
            }
        });
        return loaded;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public int metricsPort() {
        return metricsServer.getPort();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        metricsServer.close();
        if (temporaryStateDir != null) {
            FileUtils.deleteQuietly(temporaryStateDir.toFile());
        }
    }
}
