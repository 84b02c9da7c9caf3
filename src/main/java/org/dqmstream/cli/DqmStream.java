package org.dqmstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dqm-stream command line. */
@Command(name = "dqm-stream", mixinStandardHelpOptions = true, version = "dqm-stream 0.1.0",
        description = "Streaming data-quality monitor for particle-physics detectors.",
        subcommands = {RunCommand.class, TrainCommand.class, EvaluateCommand.class})
public final class DqmStream {

    public static void main(String[] args) {
        // Kafka and ND4J leave non-daemon threads behind: exit explicitly.
        System.exit(new CommandLine(new DqmStream()).execute(args));
    }
}
