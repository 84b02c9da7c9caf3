package org.dqmstream.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;

/**
 * The monitor's Prometheus series. Labels stay bounded: source, subsystem, level, reason, model;
 * never run or lumisection numbers.
 */
public final class MonitorMetrics {
    private final Counter recordsScored;
    private final Counter recordsDeadLettered;
    private final Counter flags;
    private final Gauge subsystemScore;
    private final Gauge subsystemLevel;
    private final Gauge subsystemThreshold;
    private final Histogram scoringDuration;
    private final Histogram batchSize;
    private final Info modelInfo;

    public MonitorMetrics(PrometheusRegistry registry) {
        recordsScored = Counter.builder().name("dqm_records_scored_total")
                .help("Input records scored, by source stream").labelNames("source").register(registry);
        recordsDeadLettered = Counter.builder().name("dqm_records_dead_lettered_total")
                .help("Input records sent to the dead-letter topic, by source and reason")
                .labelNames("source", "reason").register(registry);
        flags = Counter.builder().name("dqm_flags_total")
                .help("Subsystem flags emitted, by subsystem and level").labelNames("source", "subsystem", "level")
                .register(registry);
        subsystemScore = Gauge.builder().name("dqm_subsystem_score")
                .help("Latest anomaly score of each subsystem (log of reconstruction error over good-data mean)")
                .labelNames("subsystem").register(registry);
        subsystemLevel = Gauge.builder().name("dqm_subsystem_level")
                .help("Latest flag level of each subsystem: 0 GOOD, 1 WARNING, 2 BAD").labelNames("subsystem")
                .register(registry);
        subsystemThreshold = Gauge.builder().name("dqm_subsystem_threshold")
                .help("Calibrated score threshold of each subsystem and level").labelNames("subsystem", "level")
                .register(registry);
        scoringDuration = Histogram.builder().name("dqm_scoring_duration_seconds").unit(Unit.SECONDS)
                .help("Time to score one batch of records, decode excluded").labelNames("source")
                .classicExponentialUpperBounds(0.0005, 2, 16).register(registry);
        batchSize = Histogram.builder().name("dqm_scoring_batch_records")
                .help("Records scored together in one batch").labelNames("source")
                .classicExponentialUpperBounds(1, 2, 12).register(registry);
        modelInfo = Info.builder().name("dqm_model_info").help("Model bundle in use")
                .labelNames("model", "version").register(registry);
    }

    public void modelLoaded(String model, String version) {
        modelInfo.addLabelValues(model, version);
    }

    public void thresholdsLoaded(ModelBundle bundle) {
        bundle.thresholds().forEach((subsystem, t) -> {
            subsystemThreshold.labelValues(subsystem, FlagLevel.WARNING.name()).set(t.warning());
            subsystemThreshold.labelValues(subsystem, FlagLevel.BAD.name()).set(t.bad());
        });
    }

    public void deadLettered(String source, RejectionReason reason) {
        recordsDeadLettered.labelValues(source, reason.name()).inc();
    }

    public void batchScored(String source, int records, double seconds) {
        recordsScored.labelValues(source).inc(records);
        batchSize.labelValues(source).observe(records);
        scoringDuration.labelValues(source).observe(seconds);
    }

    public void flagged(SubsystemFlag flag) {
        flags.labelValues(flag.getSource(), flag.getSubsystem(), flag.getLevel().name()).inc();
        subsystemScore.labelValues(flag.getSubsystem()).set(flag.getScore());
        subsystemLevel.labelValues(flag.getSubsystem()).set(flag.getLevel().ordinal());
    }
}
