package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.registry.ModelAnnouncement;
import org.dqmstream.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Put a model bundle in service: it is checked to load, then announced on the model registry "
                + "topic, and every running monitor switches to it between batches, without a restart. The "
                + "version it replaces stays available to 'rollback'.")
final class PromoteCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Parameters(paramLabel = "BUNDLE_DIR", description = "The bundle directory, on a path every monitor instance "
            + "can read (e.g. a shared filesystem).")
    Path bundleDir;

    @Override
    public Integer call() throws Exception {
        Path dir = bundleDir.toAbsolutePath().normalize();
        String model = registry.model;
        String version = model.equals(Monitor.LUMISECTION_MODEL) ? ModelBundle.load(dir).version()
                : ImageSourceBundle.load(dir, ImageSource.ofId(model)).version();
        ModelAnnouncement announced = promote(registry.open(), model, version, dir);
        System.out.printf("Model %s version %s in service (from %s)%s%n", model, version, dir,
                announced.previous().isEmpty() ? "" : "; it replaces " + announced.previous().get(0).version());
        return 0;
    }

    static ModelAnnouncement promote(ModelRegistry registry, String model, String version, Path dir) throws Exception {
        return registry.promote(model, new ModelAnnouncement.Release(version, dir.toAbsolutePath().normalize()
                .toString()));
    }
}
