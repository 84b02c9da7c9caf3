package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.registry.ModelAnnouncement;
import org.dqmstream.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Put a model bundle in service: it is checked to load, then announced on the model registry "
                + "topic, and every running monitor switches to it between batches, without a restart. The "
                + "version it replaces stays available to 'rollback'.")
final class PromoteCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = Monitor.LUMISECTION_MODEL,
            description = "lumisection, or an image source (particles, nova, objects) (default: ${DEFAULT-VALUE}).")
    String model;

    @Parameters(paramLabel = "BUNDLE_DIR", description = "The bundle directory, on a path every monitor instance "
            + "can read (e.g. a shared filesystem).")
    Path bundleDir;

    @Override
    public Integer call() throws Exception {
        Path dir = bundleDir.toAbsolutePath().normalize();
        String version = model.equals(Monitor.LUMISECTION_MODEL) ? ModelBundle.load(dir).version()
                : ImageSourceBundle.load(dir, ImageSource.ofId(model)).version();
        ModelAnnouncement announced = promote(registry.open(config), model, version, dir);
        System.out.printf("Model %s version %s in service (from %s)%s%n", model, version, dir,
                announced.previous().isEmpty() ? "" : "; it replaces " + announced.previous().get(0).version());
        return 0;
    }

    /** A bundle just made, in service through the registry of the cluster at {@code bootstrap}. */
    static void promoteNew(MonitorConfig cfg, String bootstrap, String model, String version, Path dir)
            throws Exception {
        promote(ModelRegistry.on(cfg.clientProperties(bootstrap), cfg.topics().models()), model, version, dir);
        System.out.printf("Model %s version %s in service through the registry at %s%n", model, version, bootstrap);
    }

    static ModelAnnouncement promote(ModelRegistry registry, String model, String version, Path dir) throws Exception {
        return registry.promote(model, new ModelAnnouncement.Release(version, dir.toAbsolutePath().normalize()
                .toString()));
    }
}
