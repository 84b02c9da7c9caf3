package org.dqmstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.generator.LumisectionPublisher;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.ConsoleSummary;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.monitor.TopicSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the monitor. Without --bootstrap-servers it starts its embedded default: a single-node "
                + "Kafka broker on 127.0.0.1, a generator of lumisection records with faults, the scoring stream, "
                + "the Prometheus endpoint and a live console summary.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An existing Kafka cluster instead of the embedded broker (kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle directory (model.dir).")
    Path model;

    @Option(names = "--generator", negatable = true,
            description = "Publish generated lumisections to the input topic (default: on with the embedded broker).")
    Boolean generator;

    @Mixin
    DurationOption duration;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrapServers != null) {
            overrides.put("kafka.bootstrap.servers", bootstrapServers);
        }
        if (model != null) {
            overrides.put("model.dir", model.toString());
        }
        MonitorConfig cfg = config.load(overrides);
        boolean embedded = cfg.kafka().embedded();
        ModelBundle bundle = loadOrTrain(cfg, embedded);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        EmbeddedKafkaBroker broker = embedded ? EmbeddedKafkaBroker.start() : null;
        try {
            String bootstrap = embedded ? broker.bootstrapServers() : cfg.kafka().bootstrapServers();
            Properties client = cfg.clientProperties(bootstrap);
            TopicSetup.ensure(client, cfg.topics().all(), cfg.topics().partitions());
            try (Monitor monitor = Monitor.start(cfg, bundle, bootstrap);
                 ConsoleSummary console = new ConsoleSummary(client, cfg.topics(), cfg.consoleInterval(), System.out);
                 LumisectionPublisher publisher = (generator != null ? generator : embedded)
                         ? publisher(cfg, client) : null) {
                daemon(console, "console-summary");
                if (publisher != null) {
                    daemon(publisher, "lumisection-generator");
                    log.info("Publishing generated lumisections to {} at {}/s", cfg.topics().lumisections(),
                            cfg.generator().rate());
                }
                if (duration.bounded()) {
                    stop.await(duration.seconds, TimeUnit.SECONDS);
                } else {
                    stop.await();
                }
                log.info("Stopping");
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            stopped.countDown();
        }
        return 0;
    }

    private static ModelBundle loadOrTrain(MonitorConfig cfg, boolean embedded) throws Exception {
        if (Files.exists(cfg.modelDir().resolve("manifest.json")) || !embedded) {
            return ModelBundle.load(cfg.modelDir());
        }
        log.info("No model bundle at {}: training one from generated data first", cfg.modelDir());
        ModelBundle bundle = TrainCommand.trainOnGenerated(cfg, 1);
        bundle.save(cfg.modelDir());
        return bundle;
    }

    static LumisectionPublisher publisher(MonitorConfig cfg, Properties client) {
        GeneratorSettings settings = GeneratorSettings.defaults(cfg.generator().seed())
                .withFaultFraction(cfg.generator().faultFraction());
        return new LumisectionPublisher(new LumisectionGenerator(FeatureLayout.standard(),
                settings), client, cfg.topics().lumisections(), cfg.generator().rate());
    }

    private static void daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }
}
