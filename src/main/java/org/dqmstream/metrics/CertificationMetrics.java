package org.dqmstream.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.dqmstream.records.VerdictKind;

/** What people decided about the flags, and which subsystems are known to be off. */
public final class CertificationMetrics {
    private final Counter verdicts;
    private final Counter reviewedBad;
    private final Gauge knownIssue;

    CertificationMetrics(PrometheusRegistry registry) {
        verdicts = Counter.builder().name("dqm_flag_verdicts_total")
                .help("Verdicts people sent on flags, by subsystem and verdict").labelNames("subsystem", "verdict")
                .register(registry);
        reviewedBad = Counter.builder().name("dqm_reviewed_bad_lumisections_total")
                .help("Lumisections the monitor flagged BAD that a verdict covered, by subsystem and verdict: over "
                        + "dqm_flags_total{level=\"BAD\"}, the share of BAD flags people confirmed or overruled")
                .labelNames("subsystem", "verdict").register(registry);
        // Run as a label: a few open runs at a time, each task setting only its own.
        knownIssue = Gauge.builder().name("dqm_subsystem_known_issue")
                .help("1 while a KNOWN_ISSUE verdict covers the run's latest lumisection: the subsystem's BAD "
                        + "alerts stay quiet; 0 once it no longer does").labelNames("subsystem", "run")
                .register(registry);
    }

    /** Zero series for every subsystem and verdict, so that increase() sees the first verdict. */
    public void subsystems(Iterable<String> subsystems) {
        for (String subsystem : subsystems) {
            for (VerdictKind kind : VerdictKind.values()) {
                verdicts.labelValues(subsystem, kind.name());
                reviewedBad.labelValues(subsystem, kind.name());
            }
        }
    }

    public void verdict(String subsystem, VerdictKind kind, int badLumisectionsCovered) {
        verdicts.labelValues(subsystem, kind.name()).inc();
        reviewedBad.labelValues(subsystem, kind.name()).inc(badLumisectionsCovered);
    }

    public void knownIssue(String subsystem, int run, boolean active) {
        knownIssue.labelValues(subsystem, Integer.toString(run)).set(active ? 1 : 0);
    }

    /** A forgotten run leaves no series behind. */
    public void runForgotten(String subsystem, int run) {
        knownIssue.remove(subsystem, Integer.toString(run));
    }
}
