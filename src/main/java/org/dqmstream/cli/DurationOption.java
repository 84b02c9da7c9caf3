package org.dqmstream.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** How long a long-running command (run, generate) goes on. */
final class DurationOption {
    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds; 0 runs until interrupted (default: ${DEFAULT-VALUE}).")
    long seconds;

    /** Waits for {@code stop}, at most the duration when one is set. */
    void await(CountDownLatch stop) throws InterruptedException {
        if (seconds > 0) {
            stop.await(seconds, TimeUnit.SECONDS);
        } else {
            stop.await();
        }
    }
}
