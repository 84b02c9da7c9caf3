package org.dqmstream.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.LumisectionPublisher;
import org.dqmstream.monitor.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Publish generated lumisection records, with faults, to a Kafka cluster's input topic at a steady "
                + "rate: a data source for a monitor running elsewhere (e.g. the docker-compose stack).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            description = "The Kafka cluster to publish to.")
    String bootstrapServers;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Lumisections per second (generator.rate).")
    Double rate;

    @Mixin
    DurationOption duration;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.bootstrap.servers", bootstrapServers);
        if (rate != null) {
            overrides.put("generator.rate", rate.toString());
        }
        MonitorConfig cfg = config.load(overrides);
        Properties client = cfg.clientProperties(bootstrapServers);
        TopicSetup.ensure(client, cfg.topics().all(), cfg.topics().partitions());
        try (LumisectionPublisher publisher = RunCommand.publisher(cfg, client)) {
            Thread worker = new Thread(publisher, "lumisection-generator");
            worker.start();
            if (duration.bounded()) {
                worker.join(TimeUnit.SECONDS.toMillis(duration.seconds));
            } else {
                worker.join();
            }
        }
        return 0;
    }
}
