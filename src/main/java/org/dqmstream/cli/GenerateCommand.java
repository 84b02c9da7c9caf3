package org.dqmstream.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratedStreams;
import org.dqmstream.monitor.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Publish generated lumisection records with faults, and event images of each image source with "
                + "detector faults and class-mix shifts, to a Kafka cluster's input topics at steady rates: a data "
                + "source for a monitor running elsewhere (e.g. the docker-compose stack).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            description = "The Kafka cluster to publish to.")
    String bootstrapServers;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Lumisections per second (generator.rate).")
    Double rate;

    @Option(names = "--images", paramLabel = "SOURCES", split = ",",
            description = "Image sources to generate events of, e.g. nova,objects (images.sources).")
    List<String> images;

    @Option(names = "--image-rate", paramLabel = "PER_SECOND",
            description = "Event images per second, per source (generator.image-rate).")
    Double imageRate;

    @Mixin
    DurationOption duration;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.bootstrap.servers", bootstrapServers);
        if (rate != null) {
            overrides.put("generator.rate", rate.toString());
        }
        if (images != null) {
            overrides.put("images.sources", String.join(",", images));
        }
        if (imageRate != null) {
            overrides.put("generator.image-rate", imageRate.toString());
        }
        MonitorConfig cfg = config.load(overrides);
        Properties client = cfg.clientProperties(bootstrapServers);
        TopicSetup.ensure(client, cfg.topics().all(), cfg.topics().partitions());
        try (GeneratedStreams generated = GeneratedStreams.of(cfg, client)) {
            generated.start();
            duration.await(new CountDownLatch(1));
        }
        return 0;
    }
}
