package org.dqmstream.cli;

import java.util.Map;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.registry.ModelRegistry;
import picocli.CommandLine.Option;

/** Where the model registry is: the cluster (its topic comes from topics.models). */
final class RegistryOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            description = "The Kafka cluster whose model registry (topics.models) to update.")
    String bootstrapServers;

    ModelRegistry open(ConfigOptions config) throws Exception {
        MonitorConfig cfg = config.load(Map.of("kafka.bootstrap.servers", bootstrapServers));
        return ModelRegistry.on(cfg.clientProperties(bootstrapServers), cfg.topics().models());
    }
}
