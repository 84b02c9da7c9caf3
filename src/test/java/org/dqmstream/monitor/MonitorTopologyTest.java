package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.dqmstream.TestModels;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.metrics.MetricsText;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.LumisectionScore;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.records.VerdictKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MonitorTopologyTest {
    private final ModelBundle bundle = TestModels.bundle();
    private final MonitorConfig config = MonitorConfig.defaults().with(Map.of("batch.max-records", "8",
            "batch.max-wait-ms", "50"));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private TopologyFixture driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> scores;
    private TestOutputTopic<byte[], byte[]> flags;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<byte[], byte[]> certifications;

    @BeforeEach
    void start() {
        driver = new TopologyFixture(config, bundle, List.of(), registry, "ttd-state");
        input = driver.input(MonitorConfig.Topics::lumisections);
        scores = driver.output(MonitorConfig.Topics::scores);
        flags = driver.output(MonitorConfig.Topics::flags);
        deadLetters = driver.output(MonitorConfig.Topics::deadLetter);
        certifications = driver.output(MonitorConfig.Topics::runCertification);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private List<LumisectionFeatures> lumisections(int n) {
        return new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(41)).take(n).stream()
                .map(g -> g.record()).toList();
    }

    private void pipe(LumisectionFeatures r) {
        input.pipeInput(new TestRecord<>(Integer.toString(r.getRun()).getBytes(StandardCharsets.UTF_8),
                AvroRecords.encode(r), r.getTimestamp()));
    }

    @Test
    void scoresFullBatchesAtOnceAndTheRestAfterTheMaximumWait() throws Exception {
        List<LumisectionFeatures> records = lumisections(20);
        records.forEach(this::pipe);
        assertThat(scores.getQueueSize()).as("two full batches of 8").isEqualTo(16);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertThat(out).hasSize(20);
        for (int i = 0; i < out.size(); i++) {
            LumisectionScore s = LumisectionScore.getDecoder().decode(out.get(i).value());
            assertThat(s.getRun()).isEqualTo(records.get(i).getRun());
            assertThat(s.getLumisection()).as("order kept").isEqualTo(records.get(i).getLumisection());
            assertThat(s.getModelVersion()).isEqualTo(bundle.version());
            assertThat(s.getGroupScores()).hasSize(13);
            assertThat(out.get(i).key()).isEqualTo(Integer.toString(s.getRun()).getBytes(StandardCharsets.UTF_8));
            assertThat(out.get(i).timestamp()).isEqualTo(records.get(i).getTimestamp().toEpochMilli());
        }
        List<SubsystemFlag> f = flags.readValuesToList().stream().map(MonitorTopologyTest::flag).toList();
        assertThat(f).hasSize(20 * 16);
        assertThat(f).allSatisfy(flag -> {
            assertThat(flag.getModelVersion()).isEqualTo(bundle.version());
            assertThat(flag.getTopFeatures()).hasSize(config.topFeatures());
            assertThat(flag.getReason()).startsWith(flag.getSubsystem() + " " + flag.getLevel());
        });
        assertThat(deadLetters.isEmpty()).isTrue();

        String metrics = MetricsText.scrape(registry);
        assertThat(MetricsText.value(metrics, "dqm_records_scored_total{source=\"lumisection\"}")).isEqualTo(20.0);
        assertThat(MetricsText.value(metrics, "dqm_scoring_batch_records_count{source=\"lumisection\"}")).isEqualTo(3.0);
        long badEcal = f.stream().filter(x -> x.getSubsystem().equals("Ecal") && x.getLevel().name().equals("BAD")).count();
        long goodEcal = f.stream().filter(x -> x.getSubsystem().equals("Ecal") && x.getLevel().name().equals("GOOD")).count();
        assertThat(goodEcal).isPositive();
        assertThat(MetricsText.value(metrics, "dqm_flags_total{level=\"GOOD\",source=\"lumisection\",subsystem=\"Ecal\"}"))
                .isEqualTo((double) goodEcal);
        double badSeries = MetricsText.value(metrics, "dqm_flags_total{level=\"BAD\",source=\"lumisection\",subsystem=\"Ecal\"}");
        assertThat(Double.isNaN(badSeries) ? 0 : badSeries).isEqualTo((double) badEcal);
        assertThat(metrics).contains("dqm_subsystem_score{source=\"lumisection\",subsystem=\"Ecal\"}");
        assertThat(MetricsText.value(metrics, "dqm_flag_delay_seconds_count{source=\"lumisection\"}"))
                .isEqualTo(20.0 * 16);
        String ecalGroup = bundle.subsystems().groups("Ecal").get(0);
        assertThat(metrics).contains("dqm_channel_group_score{channel_group=\"" + ecalGroup + "\"}");
        SubsystemFlag lastEcal = f.stream().filter(x -> x.getSubsystem().equals("Ecal")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastEcal.getTopFeatures()).allSatisfy(t -> assertThat(metrics).contains(
                "dqm_top_feature_squared_error{channel_group=\"" + t.getChannelGroup() + "\",feature=\""
                        + t.getFeature() + "\",subsystem=\"Ecal\"}"));
        assertThat(metrics.lines().filter(l -> l.startsWith("dqm_top_feature_squared_error{") && l.contains("subsystem=\"Ecal\""))
                .count()).as("only the latest top features").isEqualTo(config.topFeatures());
    }

    @Test
    void readoutThatStopsUpdatingIsBadForEverySubsystemItFeedsWhileAnInterleavedRunIsNot() {
        Map<Integer, List<LumisectionFeatures>> byRun = new java.util.LinkedHashMap<>();
        new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(43).withFaultFraction(0)).take(60)
                .forEach(g -> byRun.computeIfAbsent(g.record().getRun(), k -> new ArrayList<>()).add(g.record()));
        List<List<LumisectionFeatures>> runs = byRun.values().stream().filter(r -> r.size() >= 5).limit(2).toList();
        List<LumisectionFeatures> a = runs.get(0);
        List<LumisectionFeatures> b = new ArrayList<>(runs.get(1).subList(0, 5));
        Collections.reverse(b); // the other run out of order: it has its own history all the same
        // Run a's readout freezes at its fourth lumisection: the third one's features again.
        LumisectionFeatures frozen = LumisectionFeatures.newBuilder(a.get(3)).build();
        frozen.setFeatures(a.get(2).getFeatures().duplicate());
        List<LumisectionFeatures> sent = List.of(a.get(0), b.get(0), a.get(1), b.get(1), a.get(2), b.get(2), frozen,
                b.get(3), a.get(4), b.get(4));
        sent.forEach(this::pipe);
        driver.advanceWallClockTime(Duration.ofMillis(60));

        List<SubsystemFlag> f = flags.readValuesToList().stream().map(MonitorTopologyTest::flag).toList();
        assertThat(f).hasSize(sent.size() * 16);
        List<SubsystemFlag> ofFrozen = f.stream().filter(x -> x.getRun() == frozen.getRun()
                && x.getLumisection() == frozen.getLumisection()).toList();
        assertThat(ofFrozen).hasSize(16).allSatisfy(x -> {
            assertThat(x.getLevel().name()).isEqualTo("BAD");
            assertThat(x.getDetector()).isEqualTo("stale-readout");
            assertThat(x.getReason()).contains("readout stale").contains("unchanged since LS "
                    + a.get(2).getLumisection());
        });
        assertThat(f.stream().filter(x -> !ofFrozen.contains(x))).as("every other lumisection by the model")
                .allSatisfy(x -> assertThat(x.getDetector()).isIn(SubsystemFlagger.AUTOENCODER,
                        SubsystemFlagger.STATISTICAL_PEER));
    }

    @Test
    void lumisectionsOutOfOrderAreEachScoredOnceAsTheyCome() throws Exception {
        List<LumisectionFeatures> records = new ArrayList<>(lumisections(6));
        Collections.reverse(records);
        records.forEach(this::pipe);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        List<Integer> scored = scores.readValuesToList().stream().map(v -> {
            try {
                return LumisectionScore.getDecoder().decode(v).getLumisection();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(scored).containsExactlyElementsOf(records.stream().map(LumisectionFeatures::getLumisection).toList());
        assertThat(deadLetters.isEmpty()).as("a lumisection is judged on its own: order does not matter").isTrue();
    }

    @Test
    void everyBadRecordBecomesADeadLetterWithItsReasonAndTheStreamGoesOn() throws Exception {
        List<LumisectionFeatures> good = lumisections(3);
        LumisectionFeatures nan = lumisections(1).get(0);
        float[] values = PackedFloats.unpack(nan.getFeatures());
        values[42] = Float.NaN;
        nan.setFeatures(PackedFloats.pack(values));
        LumisectionFeatures otherLayout = lumisections(1).get(0);
        otherLayout.setLayoutId("cms-ls-ffffffffffff");

        pipe(good.get(0));
        input.pipeInput("x".getBytes(), "garbage".getBytes());
        pipe(nan);
        input.pipeInput("x".getBytes(), (byte[]) null);
        pipe(good.get(1));
        pipe(otherLayout);
        input.pipeInput("x".getBytes(), new byte[config.maxRecordBytes() + 1]);
        pipe(good.get(2));
        driver.advanceWallClockTime(Duration.ofMillis(60));

        assertThat(scores.getQueueSize()).isEqualTo(3);
        List<DeadLetter> dead = deadLetters.readValuesToList().stream().map(MonitorTopologyTest::deadLetter).toList();
        assertThat(dead).extracting(DeadLetter::getReason)
                .containsExactly("UNDECODABLE", "NON_FINITE", "UNDECODABLE", "LAYOUT_MISMATCH", "OVERSIZED");
        assertThat(dead).extracting(DeadLetter::getOffset).containsExactly(1L, 2L, 3L, 5L, 6L);
        assertThat(dead.get(1).getDetail()).contains("feature #42 is NaN");
        assertThat(dead.get(0).getPayload().array()).isEqualTo("garbage".getBytes());
        DeadLetter oversized = dead.get(4);
        assertThat(oversized.getPayloadTruncated()).as("an oversized payload is cut to fit").isTrue();
        assertThat(oversized.getPayload().remaining()).isEqualTo(DeadLetters.KEPT_PREFIX_BYTES);
        assertThat(oversized.getPayloadSize()).isEqualTo(config.maxRecordBytes() + 1);
        assertThat(oversized.getPayloadSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(new byte[config.maxRecordBytes() + 1])));
        assertThat(dead.get(0).getPayloadTruncated()).isFalse();
        assertThat(dead).allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(config.topics().lumisections()));

        String metrics = MetricsText.scrape(registry);
        assertThat(MetricsText.value(metrics,
                "dqm_records_dead_lettered_total{reason=\"UNDECODABLE\",source=\"lumisection\"}")).isEqualTo(2.0);
        assertThat(MetricsText.value(metrics,
                "dqm_records_dead_lettered_total{reason=\"OVERSIZED\",source=\"lumisection\"}")).isEqualTo(1.0);
    }

    @Test
    void flagsBecomeEachRunsCertificationAndAVerdictOnTheVerdictTopicIsAppliedAtOnce() throws Exception {
        List<LumisectionFeatures> records = lumisections(6);
        records.forEach(this::pipe);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(certifications.isEmpty()).as("published on the emit interval").isTrue();
        driver.advanceWallClockTime(config.certification().emitInterval());
        Map<Integer, RunCertification> byRun = new TreeMap<>();
        certifications.readValuesToList().forEach(v -> {
            RunCertification c = certification(v);
            byRun.put(c.getRun(), c);
        });
        assertThat(byRun.values().stream().mapToInt(RunCertification::getLumisections).sum()).isEqualTo(6);

        int run = records.get(0).getRun();
        int ls = records.get(0).getLumisection();
        TestInputTopic<byte[], byte[]> verdicts = driver.input(MonitorConfig.Topics::flagVerdicts);
        verdicts.pipeInput(RunKeys.key(run), AvroRecords.encode(new FlagVerdict(run, ls, ls, "Hcal",
                VerdictKind.CONFIRMED, "alice", "", Instant.EPOCH)));
        verdicts.pipeInput(RunKeys.key(run), "CONFIRMED".getBytes(StandardCharsets.UTF_8));
        RunCertification confirmed = certification(certifications.readValue());
        assertThat(confirmed.getVerdicts()).hasSize(1);
        assertThat(confirmed.getSubsystems()).filteredOn(c -> c.getSubsystem().equals("Hcal")).singleElement()
                .satisfies(c -> assertThat(c.getBadRanges()).anySatisfy(r -> assertThat(r.getFirst()).isEqualTo(ls)));
        assertThat(deadLetter(deadLetters.readValue()).getSourceTopic()).isEqualTo(config.topics().flagVerdicts());
    }

    private static RunCertification certification(byte[] bytes) {
        try {
            return RunCertification.getDecoder().decode(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SubsystemFlag flag(byte[] bytes) {
        try {
            return SubsystemFlag.getDecoder().decode(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static DeadLetter deadLetter(byte[] bytes) {
        try {
            return DeadLetter.getDecoder().decode(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
