package org.dqmstream.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dqmstream.image.ImageReference;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.FeatureContribution;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;

/**
 * The monitor's Prometheus series, in base units. Labels stay bounded: source, subsystem, level, reason,
 * model, channel group, class, and the few features currently contributing most to a subsystem's score;
 * never run or lumisection numbers.
 */
public final class MonitorMetrics {
    private final Counter recordsScored;
    private final Counter recordsDeadLettered;
    private final Gauge lastInput;
    private final Counter flags;
    private final Histogram flagDelay;
    private final Gauge subsystemScore;
    private final Gauge subsystemLevel;
    private final Gauge subsystemThreshold;
    private final Gauge consecutiveBad;
    private final Gauge lastBadRun;
    private final Gauge lastBadLumisection;
    private final Gauge lastBadTime;
    private final Gauge lastBadCause;
    private final Gauge channelGroupScore;
    private final Gauge channelGroupSubsystem;
    private final Gauge topFeatureError;
    private final Histogram scoringDuration;
    private final Histogram batchSize;
    private final Info modelInfo;
    private final Counter modelLoadFailures;
    private final Gauge modelLoaded;
    private final Map<String, String> versionInService = new ConcurrentHashMap<>();
    private final Gauge imageClassFraction;
    private final Gauge imageReferenceFraction;
    private final Histogram imageClassifierScore;
    /** By subsystem, then "channel group/feature": the top-feature series shown now. */
    private final Map<String, Map<String, GaugeDataPoint>> shownTopFeatures = new ConcurrentHashMap<>();
    /** By subsystem: the latest flag's top features, shown when its batch is done. */
    private final Map<String, List<FeatureContribution>> pendingTopFeatures = new ConcurrentHashMap<>();
    private final Map<String, Map<String, SubsystemSeries>> subsystemSeries = new ConcurrentHashMap<>();
    private final Map<String, GaugeDataPoint> channelGroupSeries = new ConcurrentHashMap<>();

    /**
     * One subsystem's series, looked up once. {@code labelValues} costs about a microsecond, and every
     * lumisection brings 16 flags updating 8 series each: looked up per flag, it cost more than scoring.
     */
    private record SubsystemSeries(CounterDataPoint[] flagsByLevel, DistributionDataPoint delay, GaugeDataPoint score,
                                   GaugeDataPoint level, GaugeDataPoint warningThreshold, GaugeDataPoint badThreshold,
                                   GaugeDataPoint consecutiveBad) {
    }
    private final Map<String, String[]> shownBadCause = new ConcurrentHashMap<>();
    private final Counter streamThreadFailures;
    private final Gauge streamState;
    private final Gauge partitionStalled;
    private final CertificationMetrics certification;

    public MonitorMetrics(PrometheusRegistry registry) {
        recordsScored = Counter.builder().name("dqm_records_scored_total")
                .help("Input records scored, by source stream").labelNames("source").register(registry);
        recordsDeadLettered = Counter.builder().name("dqm_records_dead_lettered_total")
                .help("Input records sent to the dead-letter topic, by source and reason")
                .labelNames("source", "reason").register(registry);
        lastInput = Gauge.builder().name("dqm_last_input_timestamp_seconds").unit(Unit.SECONDS)
                .help("Wall-clock time the monitor last received an input record, by source stream")
                .labelNames("source").register(registry);
        flags = Counter.builder().name("dqm_flags_total")
                .help("Subsystem flags emitted, by subsystem and level").labelNames("source", "subsystem", "level")
                .register(registry);
        flagDelay = Histogram.builder().name("dqm_flag_delay_seconds").unit(Unit.SECONDS)
                .help("Delay from the input record's Kafka timestamp to its flag (for images: the lumisection's "
                        + "last event to the lumisection's flags)")
                .labelNames("source").classicExponentialUpperBounds(0.005, 2, 15).register(registry);
        subsystemScore = Gauge.builder().name("dqm_subsystem_score")
                .help("Latest anomaly score of each subsystem (lumisections: log of reconstruction error over the "
                        + "good-data mean)").labelNames("source", "subsystem").register(registry);
        subsystemLevel = Gauge.builder().name("dqm_subsystem_level")
                .help("Latest flag level of each subsystem: 0 GOOD, 1 WARNING, 2 BAD").labelNames("source", "subsystem")
                .register(registry);
        subsystemThreshold = Gauge.builder().name("dqm_subsystem_threshold")
                .help("Calibrated score threshold of each subsystem and level").labelNames("source", "subsystem", "level")
                .register(registry);
        consecutiveBad = Gauge.builder().name("dqm_subsystem_consecutive_bad_lumisections")
                .help("Lumisections in a row flagged BAD for the subsystem, up to the latest one")
                .labelNames("source", "subsystem").register(registry);
        // Run and lumisection numbers are values here, never labels: one series per subsystem.
        lastBadRun = Gauge.builder().name("dqm_last_bad_run")
                .help("Run of the latest lumisection flagged BAD for the subsystem").labelNames("source", "subsystem")
                .register(registry);
        lastBadLumisection = Gauge.builder().name("dqm_last_bad_lumisection")
                .help("Number of the latest lumisection flagged BAD for the subsystem").labelNames("source", "subsystem")
                .register(registry);
        lastBadTime = Gauge.builder().name("dqm_last_bad_timestamp_seconds").unit(Unit.SECONDS)
                .help("When the latest BAD flag of the subsystem was raised").labelNames("source", "subsystem")
                .register(registry);
        lastBadCause = Gauge.builder().name("dqm_last_bad_cause")
                .help("1 for the channel group and feature that contributed most to the subsystem's latest BAD flag "
                        + "(\"-\" where the flag has no feature breakdown, e.g. image flags)")
                .labelNames("source", "subsystem", "channel_group", "feature").register(registry);
        channelGroupScore = Gauge.builder().name("dqm_channel_group_score")
                .help("Latest anomaly score of each channel group").labelNames("channel_group").register(registry);
        channelGroupSubsystem = Gauge.builder().name("dqm_channel_group_subsystem")
                .help("1 for each channel group feeding a subsystem's verdict, to join scores with subsystems")
                .labelNames("channel_group", "subsystem").register(registry);
        topFeatureError = Gauge.builder().name("dqm_top_feature_squared_error")
                .help("Squared reconstruction error, in standard deviations, of the features contributing most to "
                        + "each subsystem's latest score, updated when its batch is scored; only the current top "
                        + "features have a series")
                .labelNames("subsystem", "channel_group", "feature").register(registry);
        scoringDuration = Histogram.builder().name("dqm_scoring_duration_seconds").unit(Unit.SECONDS)
                .help("Time to score one batch of records, decode excluded").labelNames("source")
                .classicExponentialUpperBounds(0.0005, 2, 16).register(registry);
        batchSize = Histogram.builder().name("dqm_scoring_batch_records")
                .help("Records scored together in one batch").labelNames("source")
                .classicExponentialUpperBounds(1, 2, 12).register(registry);
        modelInfo = Info.builder().name("dqm_model_info").help("Model bundle in use")
                .labelNames("model", "version").register(registry);
        modelLoadFailures = Counter.builder().name("dqm_model_load_failures_total")
                .help("Model bundles that failed to load or were refused, by model").labelNames("model")
                .register(registry);
        modelLoaded = Gauge.builder().name("dqm_model_loaded")
                .help("1 when the configured model is in service, 0 when it failed to load and its stream is not scored")
                .labelNames("model").register(registry);
        imageClassFraction = Gauge.builder().name("dqm_image_class_fraction")
                .help("Fraction of the latest judged lumisection's events predicted as each class")
                .labelNames("source", "class").register(registry);
        imageReferenceFraction = Gauge.builder().name("dqm_image_reference_class_fraction")
                .help("Fraction of each class in the classifier's healthy reference").labelNames("source", "class")
                .register(registry);
        imageClassifierScore = Histogram.builder().name("dqm_image_classifier_score")
                .help("Classifier score of each event for the source's scored class (e.g. numu CC probability)")
                .labelNames("source").classicLinearUpperBounds(0.05, 0.05, 20).register(registry);
        streamThreadFailures = Counter.builder().name("dqm_stream_thread_failures_total")
                .help("Stream threads that died of an exception (each is replaced, or the monitor stops once one "
                        + "input record has failed stream.record-failure-limit times)").register(registry);
        streamState = Gauge.builder().name("dqm_stream_state")
                .help("1 for the Kafka Streams state the monitor is in (RUNNING when healthy), 0 for the others")
                .labelNames("state").register(registry);
        partitionStalled = Gauge.builder().name("dqm_input_partition_stalled")
                .help("1 while records wait in the input partition and its committed offset has not moved for "
                        + "stream.stall-seconds").labelNames("topic", "partition").register(registry);
        certification = new CertificationMetrics(registry);
    }

    public CertificationMetrics certification() {
        return certification;
    }

    public void streamThreadFailed() {
        streamThreadFailures.inc();
    }

    /** The stream moved to {@code current}, one of {@code states}. */
    public void streamState(String current, List<String> states) {
        states.forEach(s -> streamState.labelValues(s).set(s.equals(current) ? 1 : 0));
    }

    public void partitionStalled(String topic, int partition, boolean stalled) {
        partitionStalled.labelValues(topic, Integer.toString(partition)).set(stalled ? 1 : 0);
    }

    /** A lumisection model bundle went into service. */
    public void lumisectionModelLoaded(String model, ModelBundle bundle) {
        modelLoaded(model, bundle.version());
        bundle.subsystems().groupsBySubsystem().forEach((subsystem, groups) -> {
            groups.forEach(g -> channelGroupSubsystem.labelValues(g, subsystem).set(1));
            for (FlagLevel level : FlagLevel.values()) {
                flags.labelValues(SubsystemFlagger.SOURCE, subsystem, level.name()); // zero, for increase()
            }
        });
    }

    /** An image source's bundle went into service; {@code reference} is null without a classifier. */
    public void imageModelLoaded(String source, String version, ImageReference reference) {
        modelLoaded(source, version);
        if (reference != null) {
            for (int c = 0; c < reference.classes().size(); c++) {
                imageReferenceFraction.labelValues(source, reference.classes().get(c)).set(reference.classFractions()[c]);
            }
        }
    }

    private void modelLoaded(String model, String version) {
        String before = versionInService.put(model, version);
        if (before != null) {
            modelInfo.remove(model, before);
        }
        modelInfo.addLabelValues(model, version);
        modelLoaded.labelValues(model).set(1);
        modelLoadFailures.labelValues(model); // a zero series, so that increase() sees a later failure
    }

    /**
     * A stream's processor started: its counters start at zero, so that increase() and rate() see the
     * first record scored or dead-lettered for each reason.
     */
    public void streamStarted(String source) {
        recordsScored.labelValues(source);
        for (RejectionReason reason : RejectionReason.values()) {
            recordsDeadLettered.labelValues(source, reason.name());
        }
    }

    /** A bundle announced for {@code model} was refused; the one in service goes on. */
    public void modelRefused(String model) {
        modelLoadFailures.labelValues(model).inc();
    }

    public void modelLoadFailed(String model) {
        modelLoadFailures.labelValues(model).inc();
        modelLoaded.labelValues(model).set(0);
    }

    public void inputReceived(String source) {
        lastInput.labelValues(source).set(System.currentTimeMillis() / 1000.0);
    }

    public void deadLettered(String source, RejectionReason reason) {
        recordsDeadLettered.labelValues(source, reason.name()).inc();
    }

    public void batchScored(String source, int records, double seconds) {
        recordsScored.labelValues(source).inc(records);
        batchSize.labelValues(source).observe(records);
        scoringDuration.labelValues(source).observe(seconds);
        // Top features change with nearly every lumisection: replacing their series per flag (16 per
        // lumisection) cost more than scoring. The latest flag of each subsystem in the batch is what shows.
        pendingTopFeatures.keySet().forEach(subsystem -> {
            List<FeatureContribution> top = pendingTopFeatures.remove(subsystem);
            if (top != null) {
                showTopFeatures(subsystem, top);
            }
        });
    }

    public void channelGroupsScored(Map<String, Double> groupScores) {
        groupScores.forEach((group, score) -> channelGroupSeries
                .computeIfAbsent(group, g -> channelGroupScore.labelValues(g)).set(score));
    }

    public void imageClassified(String source, double score) {
        imageClassifierScore.labelValues(source).observe(score);
    }

    public void imageClassMix(String source, List<String> classes, long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return;
        }
        for (int c = 0; c < classes.size(); c++) {
            imageClassFraction.labelValues(source, classes.get(c)).set(counts[c] / (double) total);
        }
    }

    /**
     * A flag went out.
     *
     * @param inputTimestampMillis the Kafka timestamp of the latest input record behind the flag
     */
    public void flagged(SubsystemFlag flag, long inputTimestampMillis) {
        SubsystemSeries series = series(flag.getSource(), flag.getSubsystem());
        series.flagsByLevel()[flag.getLevel().ordinal()].inc();
        series.delay().observe(Math.max(0, System.currentTimeMillis() - inputTimestampMillis) / 1000.0);
        series.score().set(flag.getScore());
        series.level().set(flag.getLevel().ordinal());
        series.warningThreshold().set(flag.getWarningThreshold());
        series.badThreshold().set(flag.getBadThreshold());
        if (flag.getLevel() == FlagLevel.BAD) {
            series.consecutiveBad().inc();
            lastBad(flag);
        } else {
            series.consecutiveBad().set(0);
        }
        if (!flag.getTopFeatures().isEmpty()) {
            pendingTopFeatures.put(flag.getSubsystem(), flag.getTopFeatures());
        }
    }

    private SubsystemSeries series(String source, String subsystem) {
        return subsystemSeries.computeIfAbsent(source, s -> new ConcurrentHashMap<>()).computeIfAbsent(subsystem,
                s -> new SubsystemSeries(Arrays.stream(FlagLevel.values())
                        .map(level -> flags.labelValues(source, subsystem, level.name())).toArray(CounterDataPoint[]::new),
                        flagDelay.labelValues(source), subsystemScore.labelValues(source, subsystem),
                        subsystemLevel.labelValues(source, subsystem),
                        subsystemThreshold.labelValues(source, subsystem, FlagLevel.WARNING.name()),
                        subsystemThreshold.labelValues(source, subsystem, FlagLevel.BAD.name()),
                        consecutiveBad.labelValues(source, subsystem)));
    }

    private void lastBad(SubsystemFlag flag) {
        String source = flag.getSource();
        String subsystem = flag.getSubsystem();
        lastBadRun.labelValues(source, subsystem).set(flag.getRun());
        lastBadLumisection.labelValues(source, subsystem).set(flag.getLumisection());
        lastBadTime.labelValues(source, subsystem).set(System.currentTimeMillis() / 1000.0);
        List<FeatureContribution> top = flag.getTopFeatures();
        String[] cause = {source, subsystem, top.isEmpty() ? "-" : top.get(0).getChannelGroup(),
                top.isEmpty() ? "-" : top.get(0).getFeature()};
        String[] previous = shownBadCause.put(source + "/" + subsystem, cause);
        if (previous != null && !Arrays.equals(previous, cause)) {
            lastBadCause.remove(previous);
        }
        lastBadCause.labelValues(cause).set(1);
    }

    private void showTopFeatures(String subsystem, List<FeatureContribution> top) {
        // Replace the subsystem's previous top features, so the series count stays at top-N per subsystem.
        Map<String, GaugeDataPoint> previous = shownTopFeatures.getOrDefault(subsystem, Map.of());
        Map<String, GaugeDataPoint> now = new HashMap<>();
        for (FeatureContribution t : top) {
            String key = t.getChannelGroup() + "/" + t.getFeature();
            GaugeDataPoint point = previous.get(key);
            now.put(key, point != null ? point : topFeatureError.labelValues(subsystem, t.getChannelGroup(), t.getFeature()));
            now.get(key).set(t.getSquaredError());
        }
        previous.keySet().stream().filter(key -> !now.containsKey(key)).forEach(key -> {
            int slash = key.indexOf('/');
            topFeatureError.remove(subsystem, key.substring(0, slash), key.substring(slash + 1));
        });
        shownTopFeatures.put(subsystem, now);
    }
}
