package org.dqmstream.monitor;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.metrics.BrokerConnections;
import org.dqmstream.metrics.InputLag;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.registry.ModelAnnouncement;
import org.dqmstream.registry.ModelRegistry;
import org.dqmstream.registry.RegistryWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running monitor: the Kafka Streams application and its Prometheus endpoint. */
public final class Monitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);

    /** How often the connection to the cluster is checked, and how often a lasting outage is logged again. */
    private static final Duration CONNECTION_CHECK = Duration.ofSeconds(5);
    private static final Duration OUTAGE_REMINDER = Duration.ofSeconds(30);
    /** How often committed input offsets are compared with the partitions' ends. */
    private static final Duration PROGRESS_CHECK = Duration.ofSeconds(5);
    /** The lumisection autoencoder's name in metrics and in the model registry. */
    public static final String LUMISECTION_MODEL = "lumisection";

    private final KafkaStreams streams;
    private final HTTPServer metricsServer;
    private final Path temporaryStateDir;
    private final ScheduledExecutorService watchdog;
    private final RegistryWatcher registryWatcher;
    private final StreamHealth health;
    private final PartitionProgress progress;

    private Monitor(KafkaStreams streams, HTTPServer metricsServer, Path temporaryStateDir,
                    ScheduledExecutorService watchdog, RegistryWatcher registryWatcher, StreamHealth health,
                    PartitionProgress progress) {
        this.streams = streams;
        this.metricsServer = metricsServer;
        this.temporaryStateDir = temporaryStateDir;
        this.watchdog = watchdog;
        this.registryWatcher = registryWatcher;
        this.health = health;
        this.progress = progress;
    }

    /** As {@link #start(MonitorConfig, ModelBundle, String, Runnable)}, for a caller that watches {@link #state()}. */
    public static Monitor start(MonitorConfig config, ModelBundle bundle, String bootstrapServers) throws Exception {
        return start(config, bundle, bootstrapServers, () -> { });
    }

    /**
     * Starts on {@code bundle} and the configured image bundles, or on the versions the model registry has
     * in service, and follows the registry's promotions and rollbacks from then on.
     *
     * @param onFatal called when the monitor stops itself, on an input record that keeps failing its task
     *                ({@link #fatalError()} says which)
     */
    public static Monitor start(MonitorConfig config, ModelBundle bundle, String bootstrapServers, Runnable onFatal)
            throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        MonitorMetrics metrics = new MonitorMetrics(registry);
        metrics.lumisectionModelLoaded(LUMISECTION_MODEL, bundle);
        LiveModel model = new LiveModel(bundle, config);
        Properties client = config.clientProperties(bootstrapServers);
        LiveImageModels images = new LiveImageModels(loadImageModels(config, metrics), config.images());
        int lumisectionPartitions = TopicSetup.prepareStream(client, config);
        RegistryWatcher registryWatcher = RegistryWatcher.start(ModelRegistry.on(client, config.topics().models()),
                client, announcement -> serve(announcement, model, images, metrics));
        StreamHealth health = new StreamHealth(config.health().recordFailureLimit(), metrics, onFatal);
        HTTPServer http = HTTPServer.builder().hostname(config.metrics().host()).port(config.metrics().port())
                .registry(registry).defaultHandler(new HealthEndpoint(health)).buildAndStart();
        Path temporary = config.kafka().stateDir().isEmpty() ? Files.createTempDirectory("dqm-state-") : null;
        Path stateDir = temporary != null ? temporary : Path.of(config.kafka().stateDir());
        Properties streamsProperties = config.streamsProperties(bootstrapServers, stateDir);
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailures.class);
        streamsProperties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailures.class);
        streamsProperties.put(RecordFailures.HEALTH_CONFIG, health);
        KafkaStreams streams = new KafkaStreams(MonitorTopology.build(config, lumisectionPartitions, model, images,
                metrics), streamsProperties);
        registry.register(new InputLag(streams::metrics));
        BrokerConnections connections = new BrokerConnections(streams::metrics);
        registry.register(connections);
        List<String> states = Arrays.stream(KafkaStreams.State.values()).map(Enum::name).toList();
        metrics.streamState(streams.state().name(), states);
        streams.setStateListener((now, before) -> metrics.streamState(now.name(), states));
        streams.setUncaughtExceptionHandler(health::threadFailed);
        List<String> inputs = new ArrayList<>(List.of(config.topics().lumisections(),
                config.topics().lumisectionsByRun()));
        if (!config.images().sources().isEmpty()) {
            inputs.add(config.topics().images());
        }
        PartitionProgress progress = new PartitionProgress(client, config.kafka().applicationId(), inputs,
                config.health().stallAfter(), metrics);
        health.watch(streams::state, progress::stalled);
        streams.start();
        log.info("Monitor started: model {}, metrics on http://{}:{}/metrics, health on {} and {}",
                model.current().bundle().version(), config.metrics().host(), http.getPort(), HealthEndpoint.LIVE,
                HealthEndpoint.READY);
        ScheduledExecutorService watchdog = watchConnection(streams, connections, bootstrapServers);
        watchdog.scheduleWithFixedDelay(progress::check, 0, PROGRESS_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return new Monitor(streams, http, temporary, watchdog, registryWatcher, health, progress);
    }

    /**
     * Puts an announced model in service (the lumisection model, or the bundle of a configured image
     * source), unless it is the one already serving. A bundle that does not load, is not the announced
     * version or does not fit the stream is refused with a log line and a metric; the model in service
     * keeps scoring.
     */
    private static void serve(ModelAnnouncement announcement, LiveModel model, LiveImageModels images,
                              MonitorMetrics metrics) {
        String name = announcement.model();
        boolean lumisection = name.equals(LUMISECTION_MODEL);
        if (!lumisection && !images.configured(name)) {
            return; // a model this monitor does not run
        }
        ModelAnnouncement.Release release = announcement.current();
        String serving = lumisection ? model.current().bundle().version() : images.version(name);
        if (release.version().equals(serving)) {
            return;
        }
        Path dir = Path.of(release.location());
        try {
            if (lumisection) {
                ModelBundle next = ModelBundle.load(dir);
                announced(release, next.version());
                model.swap(next);
                metrics.lumisectionModelLoaded(name, next);
            } else {
                ImageSourceBundle next = ImageSourceBundle.load(dir, ImageSource.ofId(name));
                announced(release, next.version());
                images.swap(next);
                metrics.imageModelLoaded(name, next.version(), next.reference());
            }
            log.info("Model {} version {} from {} in service (was {})", name, release.version(), dir, serving);
        } catch (Exception e) {
            metrics.modelRefused(name);
            log.error("Model {} version {} from {} refused, version {} stays in service: {}", name,
                    release.version(), dir, serving, e.getMessage());
        }
    }

    private static void announced(ModelAnnouncement.Release release, String loaded) throws IOException {
        if (!loaded.equals(release.version())) {
            throw new IOException("the bundle there is version " + loaded);
        }
    }

    /**
     * Logs when the cluster becomes unreachable (and again every half minute while it stays so) and when
     * it is back. The Kafka clients retry by themselves; this makes an outage plain in the monitor's log.
     */
    private static ScheduledExecutorService watchConnection(KafkaStreams streams, BrokerConnections connections,
                                                            String bootstrapServers) {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-connection-watchdog");
            t.setDaemon(true);
            return t;
        });
        long[] lostAt = {0};
        long[] lastLog = {0};
        watchdog.scheduleWithFixedDelay(() -> {
            if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
                return;
            }
            long now = System.nanoTime();
            if (connections.count() == 0) {
                if (lostAt[0] == 0) {
                    lostAt[0] = now;
                }
                if (lastLog[0] == 0 || now - lastLog[0] >= OUTAGE_REMINDER.toNanos()) {
                    log.warn("No connection to the Kafka cluster at {} for {} s; the stream keeps retrying and "
                            + "resumes where it stopped (dqm_kafka_connections = 0)", bootstrapServers,
                            (now - lostAt[0]) / 1_000_000_000L);
                    lastLog[0] = now;
                }
            } else if (lostAt[0] != 0) {
                log.info("Connection to the Kafka cluster at {} is back after {} s", bootstrapServers,
                        (now - lostAt[0]) / 1_000_000_000L);
                lostAt[0] = 0;
                lastLog[0] = 0;
            }
        }, CONNECTION_CHECK.toMillis(), CONNECTION_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return watchdog;
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

    /** Why the monitor stopped itself, if it did: an input record that kept failing its task. */
    public Optional<String> fatalError() {
        return health.fatal();
    }

    /** What keeps the monitor from doing its work now (empty when ready), as /health/ready lists it. */
    public List<String> problems() {
        return health.problems();
    }

    public int metricsPort() {
        return metricsServer.getPort();
    }

    @Override
    public void close() {
        registryWatcher.close();
        watchdog.shutdownNow();
        progress.close();
        streams.close(Duration.ofSeconds(30));
        metricsServer.close();
        if (temporaryStateDir != null) {
            FileUtils.deleteQuietly(temporaryStateDir.toFile());
        }
    }
}
