package org.dqmstream.cli;

import java.util.concurrent.Callable;
import org.dqmstream.registry.ModelAnnouncement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Put a model's version before the current one back in service, through the model registry "
                + "like 'promote': running monitors switch between batches, without a restart.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() throws Exception {
        ModelAnnouncement announced = registry.open().rollback(registry.model);
        System.out.printf("Model %s version %s back in service (from %s)%n", announced.model(),
                announced.current().version(), announced.current().location());
        return 0;
    }
}
