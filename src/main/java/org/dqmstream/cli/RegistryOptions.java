package org.dqmstream.cli;

import org.dqmstream.config.MonitorConfig;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.registry.ModelRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the model registry is (the cluster; its topic comes from topics.models), and which model to change. */
final class RegistryOptions {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = Monitor.LUMISECTION_MODEL,
            description = "lumisection, or an image source (particles, nova, objects) (default: ${DEFAULT-VALUE}).")
    String model;

    ModelRegistry open() throws Exception {
        MonitorConfig cfg = cluster.load();
        return ModelRegistry.on(cluster.client(cfg), cfg.topics().models());
    }
}
