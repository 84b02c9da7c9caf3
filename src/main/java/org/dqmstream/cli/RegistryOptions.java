package org.dqmstream.cli;

import java.util.Map;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.registry.ModelRegistry;
import picocli.CommandLine.Option;

/** Where the model registry is (the cluster; its topic comes from topics.models), and which model to change. */
final class RegistryOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            description = "The Kafka cluster whose model registry (topics.models) to update.")
    String bootstrapServers;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = Monitor.LUMISECTION_MODEL,
            description = "lumisection, or an image source (particles, nova, objects) (default: ${DEFAULT-VALUE}).")
    String model;

    ModelRegistry open(ConfigOptions config) throws Exception {
        MonitorConfig cfg = config.load(Map.of("kafka.bootstrap.servers", bootstrapServers));
        return ModelRegistry.on(cfg.clientProperties(bootstrapServers), cfg.topics().models());
    }
}
