package org.dqmstream.cli;

import java.io.IOException;
import org.dqmstream.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dqm-stream command line. */
@Command(name = "dqm-stream", mixinStandardHelpOptions = true, version = "dqm-stream 0.1.0",
        description = "Streaming data-quality monitor for particle-physics detectors.",
        subcommands = {RunCommand.class, GenerateCommand.class, TrainCommand.class, ImportKerasCommand.class,
                PromoteCommand.class, RollbackCommand.class, ReplayCommand.class, EvaluateCommand.class,
                BenchCommand.class, CertifyCommand.class, VerdictCommand.class, TailCommand.class})
public final class DqmStream {
    static final int USER_ERROR = 2;

    public static void main(String[] args) {
        // Kafka and ND4J leave non-daemon threads behind: exit explicitly.
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error policy: a user's mistake is one clear line, a bug a stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new DqmStream()).setExecutionExceptionHandler((e, cli, parsed) -> {
            cli.getErr().println("dqm-stream: " + e.getMessage());
            boolean usersMistake = e instanceof ConfigException || e instanceof IOException
                    || e instanceof IllegalArgumentException;
            if (!usersMistake) {
                e.printStackTrace(cli.getErr());
            }
            return USER_ERROR;
        });
    }
}
