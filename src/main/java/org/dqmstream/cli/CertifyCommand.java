package org.dqmstream.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dqmstream.certification.CertificationExport;
import org.dqmstream.certification.CertificationTopic;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.records.RunCertification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "certify", mixinStandardHelpOptions = true,
        description = "Write the runs the monitor certified as golden JSON: <Subsystem>.json per subsystem (what "
                + "'train --certification DIR' reads), optionally good-for-<A>+<B>.json where all the named "
                + "subsystems are good, and run-summary.csv / run-summary.html (per run and subsystem: good "
                + "fraction, bad ranges and their reasons, verdicts). Read from the run certification topic "
                + "(topics.run-certification); people's verdicts are already applied.")
final class CertifyCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write the files into.")
    Path out;

    @Option(names = "--runs", paramLabel = "FIRST-LAST", converter = NumberRange.Converter.class,
            description = "Only these runs, e.g. 355100-355200, 355100 or 355100- (default: every run on the topic).")
    NumberRange runs;

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "Only runs with lumisections at or after this time, e.g. 2026-12-01T00:00:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Only runs with lumisections before this time.")
    Instant to;

    @Option(names = "--combine", paramLabel = "SUBSYSTEM", split = ",",
            description = "Also write the lumisections good for all of these subsystems, e.g. Muon,Track.")
    List<String> combine = new ArrayList<>();

    @Option(names = "--closed-only", description = "Leave out runs still open (still being flagged).")
    boolean closedOnly;

    @Override
    public Integer call() throws Exception {
        MonitorConfig cfg = cluster.load();
        List<RunCertification> chosen = CertificationTopic.latest(cluster.client(cfg), cfg.topics().runCertification())
                .values().stream().filter(r -> runs == null || runs.contains(r.getRun()))
                .filter(r -> !closedOnly || !r.getOpen()).filter(r -> from == null || !r.getEnd().isBefore(from))
                .filter(r -> to == null || r.getStart().isBefore(to)).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no run" + (closedOnly ? " closed" : "") + (runs == null ? ""
                    : " in " + runs) + (from == null && to == null ? "" : " between " + from + " and " + to) + " on "
                    + cfg.topics().runCertification() + " to certify");
        }
        List<Path> written = CertificationExport.write(chosen, out, combine);
        long open = chosen.stream().filter(RunCertification::getOpen).count();
        spec.commandLine().getOut().printf("Certified %d runs (%d still open) into %s: %s%n", chosen.size(), open, out,
                written.stream().map(p -> p.getFileName().toString()).toList());
        return 0;
    }
}
