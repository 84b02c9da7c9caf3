package org.dqmstream.cli;

import java.util.Map;
import java.util.Properties;
import org.dqmstream.config.MonitorConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The cluster a command reads the monitor's topics from or writes to, with the configuration naming them. */
final class ClusterOptions {
    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            description = "The Kafka cluster the monitor runs on.")
    String bootstrapServers;

    MonitorConfig load() {
        return config.load(Map.of("kafka.bootstrap.servers", bootstrapServers));
    }

    Properties client(MonitorConfig cfg) {
        return cfg.clientProperties(bootstrapServers);
    }
}
