package org.dqmstream.cli;

import java.nio.file.Path;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.registry.ModelRegistry;
import picocli.CommandLine.Option;

/** {@code --promote-to}: put a bundle a command just made in service, as 'promote' does. */
final class PromoteToOption {
    @Option(names = "--promote-to", paramLabel = "HOST:PORT",
            description = "Then put the bundle in service through this cluster's model registry, as 'promote' does.")
    String bootstrapServers;

    /** Announces {@code model} at {@code version} from {@code dir}, when the option was given. */
    void promote(MonitorConfig cfg, String model, String version, Path dir) throws Exception {
        if (bootstrapServers == null) {
            return;
        }
        PromoteCommand.promote(ModelRegistry.on(cfg.clientProperties(bootstrapServers), cfg.topics().models()), model,
                version, dir);
        System.out.printf("Model %s version %s in service through the registry at %s%n", model, version,
                bootstrapServers);
    }
}
