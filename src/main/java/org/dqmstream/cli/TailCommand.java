package org.dqmstream.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.dqmstream.broker.TopicReader;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.review.OutputRecords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print the monitor's output records decoded, one line each, as they arrive: flags, scores, "
                + "certifications, verdicts, dead-letters or image-classifications. Only committed records "
                + "(what exactly-once readers see); reading changes nothing on the cluster.")
final class TailCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OUTPUT", description = "flags, scores, certifications, verdicts, dead-letters or "
            + "image-classifications.")
    String output;

    @Option(names = "--run", paramLabel = "RUN", description = "Only this run.")
    Integer run;

    @Option(names = "--subsystem", paramLabel = "NAME", description = "Only this subsystem (flags, verdicts, "
            + "certifications).")
    String subsystem;

    @Option(names = "--level", paramLabel = "LEVEL",
            description = "Only flags of this level: ${COMPLETION-CANDIDATES}.")
    FlagLevel level;

    @Option(names = "--from-beginning", description = "Start at the oldest record kept instead of now.")
    boolean fromBeginning;

    @Option(names = "--follow", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep printing new records until interrupted (default); --no-follow stops at the "
                    + "topic's end.")
    boolean follow;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0",
            description = "Stop after N lines; 0: no limit (default: ${DEFAULT-VALUE}).")
    long max;

    @Override
    public Integer call() {
        OutputRecords.Kind kind = OutputRecords.Kind.ofId(output);
        MonitorConfig cfg = cluster.load();
        OutputRecords.Filter filter = new OutputRecords.Filter(run, subsystem, level);
        AtomicLong printed = new AtomicLong();
        TopicReader.read(cluster.client(cfg), kind.topic(cfg.topics()), fromBeginning, follow, record -> {
            kind.line(record.value(), filter).ifPresent(line -> {
                spec.commandLine().getOut().println(line);
                printed.incrementAndGet();
            });
            spec.commandLine().getOut().flush();
            return max <= 0 || printed.get() < max;
        });
        return 0;
    }
}
