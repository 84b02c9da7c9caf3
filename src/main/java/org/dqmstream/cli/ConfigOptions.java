package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dqmstream.config.MonitorConfig;
import picocli.CommandLine.Option;

/** Options every command shares: where configuration comes from. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file overriding the defaults (see src/main/resources/dqm-stream.properties).")
    Path file;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override one configuration key; wins over the file and DQM_* environment variables.")
    Map<String, String> overrides = new LinkedHashMap<>();

    MonitorConfig load(Map<String, String> commandOverrides) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(commandOverrides);
        return MonitorConfig.load(file, System.getenv(), all);
    }
}
