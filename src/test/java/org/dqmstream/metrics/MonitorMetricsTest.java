package org.dqmstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import org.dqmstream.records.FeatureContribution;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.Test;

class MonitorMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final MonitorMetrics metrics = new MonitorMetrics(registry);

    @Test
    void consecutiveBadLumisectionsCountUpAndResetOnTheFirstOtherVerdict() {
        metrics.flagged(flag("Muon", FlagLevel.BAD, List.of()), now());
        metrics.flagged(flag("Muon", FlagLevel.BAD, List.of()), now());
        metrics.flagged(flag("Ecal", FlagLevel.BAD, List.of()), now());
        assertThat(value("dqm_subsystem_consecutive_bad_lumisections{source=\"lumisection\",subsystem=\"Muon\"}")).isEqualTo(2);
        assertThat(value("dqm_subsystem_level{source=\"lumisection\",subsystem=\"Muon\"}")).isEqualTo(2);

        metrics.flagged(flag("Muon", FlagLevel.WARNING, List.of()), now());
        assertThat(value("dqm_subsystem_consecutive_bad_lumisections{source=\"lumisection\",subsystem=\"Muon\"}")).isZero();
        assertThat(value("dqm_subsystem_consecutive_bad_lumisections{source=\"lumisection\",subsystem=\"Ecal\"}")).isEqualTo(1);
        assertThat(value("dqm_subsystem_threshold{level=\"BAD\",source=\"lumisection\",subsystem=\"Muon\"}")).isEqualTo(3.0);
    }

    @Test
    void onlyTheLatestTopFeaturesOfASubsystemKeepASeries() {
        metrics.flagged(flag("Muon", FlagLevel.BAD, List.of(feature("pt_p99", 40), feature("eta_std", 9))), now());
        metrics.batchScored("lumisection", 1, 0.01);
        metrics.flagged(flag("Muon", FlagLevel.WARNING, List.of(feature("pt_p99", 12), feature("phi_mean", 5))), now());
        assertThat(MetricsText.scrape(registry)).as("shown once its batch is done").contains("feature=\"eta_std\"");
        metrics.batchScored("lumisection", 1, 0.01);
        String text = MetricsText.scrape(registry);
        assertThat(value("dqm_top_feature_squared_error{channel_group=\"muons_q1\",feature=\"pt_p99\",subsystem=\"Muon\"}"))
                .isEqualTo(12);
        assertThat(text).contains("feature=\"phi_mean\"").doesNotContain("feature=\"eta_std\"");
    }

    @Test
    void theLatestBadLumisectionAndItsCauseReplaceTheEarlierOne() {
        metrics.flagged(flag("Muon", FlagLevel.BAD, List.of(feature("pt_p99", 40))), now());
        metrics.flagged(new SubsystemFlag(2, 17, Instant.EPOCH, "Muon", FlagLevel.BAD, 5.0, 2.0, 3.0, "v1", "lumisection",
                List.of(feature("eta_std", 30)), "Muon BAD", "autoencoder"), now());
        metrics.flagged(flag("Muon", FlagLevel.GOOD, List.of()), now());
        assertThat(value("dqm_last_bad_run{source=\"lumisection\",subsystem=\"Muon\"}")).isEqualTo(2);
        assertThat(value("dqm_last_bad_lumisection{source=\"lumisection\",subsystem=\"Muon\"}")).isEqualTo(17);
        assertThat(MetricsText.scrape(registry)).contains(
                "dqm_last_bad_cause{channel_group=\"muons_q1\",feature=\"eta_std\",source=\"lumisection\",subsystem=\"Muon\"} 1")
                .doesNotContain("feature=\"pt_p99\",source");
    }

    @Test
    void flagDelayIsMeasuredFromTheInputRecordsKafkaTimestamp() {
        metrics.flagged(flag("Muon", FlagLevel.GOOD, List.of()), now() - 3_000);
        assertThat(value("dqm_flag_delay_seconds_bucket{source=\"lumisection\",le=\"2.56\"}")).isZero();
        assertThat(value("dqm_flag_delay_seconds_bucket{source=\"lumisection\",le=\"5.12\"}")).isEqualTo(1);
    }

    @Test
    void aLoadedModelHasAZeroFailureSeriesAndAFailureCounts() {
        metrics.imageModelLoaded("nova", "nova-1", null);
        metrics.modelLoadFailed("objects");
        assertThat(value("dqm_model_load_failures_total{model=\"nova\"}")).isZero();
        assertThat(value("dqm_model_load_failures_total{model=\"objects\"}")).isEqualTo(1);
        assertThat(value("dqm_model_loaded{model=\"nova\"}")).isEqualTo(1);
        assertThat(value("dqm_model_loaded{model=\"objects\"}")).isZero();
    }

    @Test
    void classMixIsPublishedAsFractionsOfTheLumisectionsEvents() {
        metrics.imageClassMix("particles", List.of("electron", "muon", "pion"), new long[] {1, 1, 2});
        assertThat(value("dqm_image_class_fraction{class=\"pion\",source=\"particles\"}")).isEqualTo(0.5);
        assertThat(value("dqm_image_class_fraction{class=\"muon\",source=\"particles\"}")).isEqualTo(0.25);
    }

    private double value(String series) {
        return MetricsText.value(MetricsText.scrape(registry), series);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static FeatureContribution feature(String name, double squaredError) {
        return new FeatureContribution(name, "muons_q1", squaredError, 0.5);
    }

    private static SubsystemFlag flag(String subsystem, FlagLevel level, List<FeatureContribution> top) {
        return new SubsystemFlag(1, 1, Instant.EPOCH, subsystem, level, 1.0, 2.0, 3.0, "v1", "lumisection", top,
                subsystem + " " + level, "autoencoder");
    }
}
