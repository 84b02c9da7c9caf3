package org.dqmstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratedStreams;
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
                + "Kafka broker on 127.0.0.1, a generator of lumisection records with faults (and of event images "
                + "with detector faults and class-mix shifts for each image source), the scoring stream, the "
                + "Prometheus endpoint and a live console summary. Missing models are trained first, from generated "
                + "data.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An existing Kafka cluster instead of the embedded broker (kafka.bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle directory (model.dir).")
    Path model;

    @Option(names = "--images", paramLabel = "SOURCES", split = ",",
            description = "Image sources to score, e.g. nova,objects (images.sources; known: particles, nova, objects).")
    List<String> images;

    @Option(names = "--generator", negatable = true,
            description = "Publish generated lumisections and event images to the input topics (default: on with the "
                    + "embedded broker).")
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
        if (images != null) {
            overrides.put("images.sources", String.join(",", images));
        }
        MonitorConfig cfg = config.load(overrides);
        boolean embedded = cfg.kafka().embedded();
        ModelBundle bundle = loadOrTrain(cfg, embedded);
        if (embedded) {
            trainMissingImageBundles(cfg);
        }
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
            try (Monitor monitor = Monitor.start(cfg, bundle, bootstrap, stop::countDown);
                 ConsoleSummary console = new ConsoleSummary(client, cfg.topics(), cfg.consoleInterval(), System.out,
                         monitor::problems);
                 GeneratedStreams generated = (generator != null ? generator : embedded)
                         ? GeneratedStreams.of(cfg, client) : null) {
                Thread consoleThread = new Thread(console, "console-summary");
                consoleThread.setDaemon(true);
                consoleThread.start();
                if (generated != null) {
                    generated.start();
                }
                duration.await(stop);
                if (monitor.fatalError().isPresent()) {
                    System.err.println("dqm-stream stopped: " + monitor.fatalError().get());
                    return 1;
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

    static ModelBundle loadOrTrain(MonitorConfig cfg, boolean embedded) throws Exception {
        if (Files.exists(cfg.modelDir().resolve("manifest.json")) || !embedded) {
            return ModelBundle.load(cfg.modelDir());
        }
        log.info("No model bundle at {}: training one from generated data first", cfg.modelDir());
        ModelBundle bundle = TrainCommand.trainOnGenerated(cfg, 1);
        bundle.save(cfg.modelDir());
        return bundle;
    }

    /**
     * What {@code train <source> --generate} is given on a first start: sizes that train in about a minute
     * each on two cores. The particle classifier is left out of it, because generated particle types are
     * as hard to tell apart as real ones and it would often be refused; the fault autoencoder still runs.
     */
    private static final Map<String, List<String>> FIRST_START_TRAINING = Map.of(
            "particles", List.of("--generate", "20000", "--no-classifier"),
            "nova", List.of("--generate", "1500", "--no-identifier"),
            "objects", List.of("--generate", "3000", "--epochs", "4", "--images-per-class", "1000"));

    /** Trains, from generated data, each configured image source's bundle that is missing. */
    private static void trainMissingImageBundles(MonitorConfig cfg) {
        cfg.images().sources().forEach((id, source) -> {
            if (Files.exists(source.modelDir().resolve("manifest.json"))) {
                return;
            }
            log.info("No {} image bundle at {}: training one from generated data first", id, source.modelDir());
            List<String> args = new ArrayList<>(List.of("train", id, "--out", source.modelDir().toString(),
                    "--report", Path.of("out", id).toString()));
            args.addAll(FIRST_START_TRAINING.getOrDefault(id, List.of()));
            int exit = DqmStream.commandLine().execute(args.toArray(String[]::new));
            if (exit != 0) {
                log.error("Training the {} image bundle failed (exit {}); its images will be dead-lettered", id, exit);
            }
        });
    }
}
