package org.dqmstream.cli;

import picocli.CommandLine.Option;

/** How long a long-running command (run, generate) goes on. */
final class DurationOption {
    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds; 0 runs until interrupted (default: ${DEFAULT-VALUE}).")
    long seconds;

    boolean bounded() {
        return seconds > 0;
    }
}
