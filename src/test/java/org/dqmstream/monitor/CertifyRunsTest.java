package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.dqmstream.TestModels;
import org.dqmstream.certification.RunCertifier;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.metrics.MetricsText;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.LumisectionRange;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemCertification;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.records.VerdictKind;
import org.junit.jupiter.api.Test;

/**
 * The certification processor between the scorer's flags and the certification topic: out-of-order and
 * repeated flags, verdicts good and bad, runs closing and being forgotten, and a restart over the store
 * as committed.
 */
class CertifyRunsTest {
    private static final int RUN = 355_100;
    private final ModelBundle bundle = TestModels.bundle();
    private final MonitorConfig config = MonitorConfig.defaults().with(Map.of("certification.close-idle-minutes", "10",
            "certification.retention-hours", "1"));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final MonitorMetrics metrics = new MonitorMetrics(registry);
    private final List<String> subsystems = bundle.subsystems().subsystems();
    private long offset;

    @Test
    void flagsOutOfOrderAndRepeatedCertifyEachLumisectionOnce() {
        MockProcessorContext<byte[], byte[]> context = context(store());
        CertifyRuns processor = processor(context);
        for (int ls : new int[] {3, 1, 2, 2, 5, 4, 4}) {
            flags(processor, context, RUN, ls, ls == 4 ? "Hcal" : null);
        }
        assertThat(context.forwarded()).as("published on the emit interval, not per flag").isEmpty();
        tick(context, 5_000);

        RunCertification run = onlyCertification(context);
        assertThat(run.getOpen()).isTrue();
        assertThat(List.of(run.getFirstLumisection(), run.getLastLumisection(), run.getLumisections()))
                .containsExactly(1, 5, 5);
        assertThat(run.getSubsystems()).extracting(SubsystemCertification::getSubsystem)
                .containsExactlyElementsOf(subsystems.stream().sorted().toList());
        assertThat(ranges(subsystem(run, "Hcal").getGoodRanges())).containsExactly("1-3", "5-5");
        assertThat(subsystem(run, "Hcal").getBadRanges()).singleElement()
                .satisfies(r -> assertThat(r.getReason()).isEqualTo("Hcal bad at 4"));
        assertThat(ranges(subsystem(run, "Muon").getGoodRanges())).containsExactly("1-5");
        assertThat(run.getModelVersions()).containsExactly("v1");

        tick(context, 5_000);
        assertThat(context.forwarded()).as("nothing changed").isEmpty();
    }

    @Test
    void aVerdictIsAppliedAtOnceAndBadOnesAreDeadLetteredWithTheirReason() {
        MockProcessorContext<byte[], byte[]> context = context(store());
        CertifyRuns processor = processor(context);
        for (int ls = 1; ls <= 6; ls++) {
            flags(processor, context, RUN, ls, ls == 4 || ls == 5 ? "Hcal" : null);
        }
        tick(context, 5_000);
        context.resetForwards();

        verdict(processor, context, AvroRecords.encode(verdict(RUN, "Hcal", 4, 5, VerdictKind.FALSE_ALARM)));
        RunCertification overruled = onlyCertification(context);
        assertThat(ranges(subsystem(overruled, "Hcal").getGoodRanges())).containsExactly("1-6");
        assertThat(ranges(subsystem(overruled, "Hcal").getMonitorGoodRanges())).containsExactly("1-3", "6-6");
        assertThat(overruled.getVerdicts()).singleElement().satisfies(v -> assertThat(v.getWho()).isEqualTo("alice"));
        String metrics = MetricsText.scrape(registry);
        assertThat(MetricsText.sum(metrics, "dqm_reviewed_bad_lumisections_total", "verdict=\"FALSE_ALARM\""))
                .isEqualTo(2);
        assertThat(MetricsText.sum(metrics, "dqm_flag_verdicts_total", "subsystem=\"Hcal\"")).isEqualTo(1);

        verdict(processor, context, AvroRecords.encode(verdict(RUN, "Hcalx", 4, 5, VerdictKind.CONFIRMED)));
        verdict(processor, context, AvroRecords.encode(verdict(RUN + 7, "Hcal", 4, 5, VerdictKind.CONFIRMED)));
        verdict(processor, context, AvroRecords.encode(verdict(RUN, "Hcal", 5, 4, VerdictKind.CONFIRMED)));
        FlagVerdict anonymous = verdict(RUN, "Hcal", 4, 5, VerdictKind.CONFIRMED);
        anonymous.setWho(" ");
        verdict(processor, context, AvroRecords.encode(anonymous));
        verdict(processor, context, "CONFIRMED Hcal 4-5".getBytes(StandardCharsets.UTF_8));

        assertThat(context.forwarded(MonitorTopology.CERTIFICATION_SINK)).as("no bad verdict applies").isEmpty();
        List<DeadLetter> letters = context.forwarded(MonitorTopology.DEAD_LETTER_SINK).stream()
                .map(f -> decode(DeadLetter.getClassSchema(), f.record().value(), DeadLetter.class)).toList();
        assertThat(letters).extracting(DeadLetter::getReason).containsExactly("UNMATCHED_VERDICT", "UNMATCHED_VERDICT",
                "OUT_OF_RANGE", "OUT_OF_RANGE", "UNDECODABLE");
        assertThat(letters.get(0).getDetail()).contains("subsystem 'Hcalx'");
        assertThat(letters.get(1).getDetail()).contains("run " + (RUN + 7));
        assertThat(letters).allSatisfy(l -> assertThat(l.getSourceTopic()).isEqualTo(config.topics().flagVerdicts()));
    }

    @Test
    void aKnownIssueQuietsItsSubsystemUntilALaterRunClosesTheRunThenTheRunIsForgotten() {
        KeyValueStore<String, byte[]> store = store();
        MockProcessorContext<byte[], byte[]> context = context(store);
        CertifyRuns processor = processor(context);
        flags(processor, context, RUN, 1, null);
        verdict(processor, context, AvroRecords.encode(verdict(RUN, "Hcal", 1, null, VerdictKind.KNOWN_ISSUE)));
        flags(processor, context, RUN, 2, "Hcal");
        tick(context, 5_000);
        assertThat(knownIssue()).isEqualTo(1);
        context.resetForwards();

        flags(processor, context, RUN + 1, 1, null);
        RunCertification closed = onlyCertification(context);
        assertThat(closed.getRun()).isEqualTo(RUN);
        assertThat(closed.getOpen()).as("a later run started on the partition").isFalse();
        assertThat(ranges(subsystem(closed, "Hcal").getGoodRanges())).isEmpty();
        tick(context, 5_000);
        assertThat(knownIssue()).isEqualTo(0);

        tick(context, 3_600_000);
        assertThat(certifications(context)).extracting(RunCertification::getRun)
                .as("the later run closed when idle for close-idle-minutes").contains(RUN + 1);
        tick(context, 3_600_000);
        assertThat(count(store)).as("both runs forgotten an hour after closing").isZero();
        assertThat(MetricsText.scrape(registry)).doesNotContain("dqm_subsystem_known_issue{");
    }

    @Test
    void aRestartFromTheCommittedStoreGoesOnWithTheRunWhereItWas() {
        KeyValueStore<String, byte[]> store = store();
        MockProcessorContext<byte[], byte[]> before = context(store);
        CertifyRuns first = processor(before);
        for (int ls = 1; ls <= 3; ls++) {
            flags(first, before, RUN, ls, ls == 3 ? "Hcal" : null);
        }

        MockProcessorContext<byte[], byte[]> after = context(store);
        CertifyRuns second = processor(after);
        flags(second, after, RUN, 3, null);
        flags(second, after, RUN, 4, null);
        tick(after, 5_000);
        RunCertification run = onlyCertification(after);
        assertThat(run.getLumisections()).isEqualTo(4);
        assertThat(ranges(subsystem(run, "Hcal").getGoodRanges())).as("LS 3 stays BAD after its flag came again")
                .containsExactly("1-2", "4-4");

        // A task revived after a failure initializes the same processor again over the store as committed
        // (here: as it stands) and reads its input again from the last commit.
        second.init(after);
        flags(second, after, RUN, 5, "Hcal");
        tick(after, 5_000);
        RunCertification revived = onlyCertification(after);
        assertThat(revived.getLumisections()).isEqualTo(5);
        assertThat(ranges(subsystem(revived, "Hcal").getGoodRanges())).containsExactly("1-2", "4-4");
    }

    private CertifyRuns processor(MockProcessorContext<byte[], byte[]> context) {
        CertifyRuns processor = new CertifyRuns(new LiveModel(bundle, config), config, metrics,
                "certifications");
        processor.init(context);
        return processor;
    }

    private static KeyValueStore<String, byte[]> store() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("certifications"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
    }

    private static MockProcessorContext<byte[], byte[]> context(KeyValueStore<String, byte[]> store) {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        if (!store.isOpen()) {
            store.init(context.getStateStoreContext(), store);
        }
        context.addStateStore(store);
        context.setCurrentSystemTimeMs(1_000_000);
        return context;
    }

    /** One lumisection's levels as the scorer hands them on, GOOD for every subsystem but {@code bad}. */
    private void flags(CertifyRuns processor, MockProcessorContext<byte[], byte[]> context, int run, int ls,
                       String bad) {
        context.setRecordMetadata(config.topics().lumisections(), 0, offset++);
        List<SubsystemFlag> flags = new ArrayList<>();
        for (String subsystem : subsystems) {
            FlagLevel level = subsystem.equals(bad) ? FlagLevel.BAD : FlagLevel.GOOD;
            flags.add(new SubsystemFlag(run, ls, Instant.ofEpochSecond(ls), subsystem, level, 0.0, 1.0, 2.0, "v1",
                    "lumisection", List.of(), subsystem + " " + level.name().toLowerCase() + " at " + ls,
                    "autoencoder"));
        }
        processor.process(new Record<>(new byte[0], AvroRecords.encode(RunCertifier.levelsOf(flags)), ls));
    }

    private void verdict(CertifyRuns processor, MockProcessorContext<byte[], byte[]> context, byte[] value) {
        context.setRecordMetadata(config.topics().flagVerdicts(), 0, offset++);
        processor.process(new Record<>(new byte[0], value, 0));
    }

    private static FlagVerdict verdict(int run, String subsystem, int first, Integer last, VerdictKind kind) {
        return new FlagVerdict(run, first, last, subsystem, kind, "alice", "hot tower", Instant.EPOCH);
    }

    private static void tick(MockProcessorContext<byte[], byte[]> context, long millis) {
        context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + millis);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
    }

    private double knownIssue() {
        return MetricsText.sum(MetricsText.scrape(registry), "dqm_subsystem_known_issue", "subsystem=\"Hcal\"");
    }

    private static long count(KeyValueStore<String, byte[]> store) {
        try (var all = store.all()) {
            long n = 0;
            while (all.hasNext()) {
                all.next();
                n++;
            }
            return n;
        }
    }

    private static RunCertification onlyCertification(MockProcessorContext<byte[], byte[]> context) {
        List<RunCertification> runs = certifications(context);
        assertThat(runs).hasSize(1);
        context.resetForwards();
        return runs.get(0);
    }

    private static List<RunCertification> certifications(MockProcessorContext<byte[], byte[]> context) {
        return context.forwarded(MonitorTopology.CERTIFICATION_SINK).stream()
                .map(f -> decode(RunCertification.getClassSchema(), f.record().value(), RunCertification.class))
                .toList();
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> T decode(org.apache.avro.Schema schema,
                                                                                    byte[] bytes, Class<T> type) {
        try {
            return type.cast(AvroRecords.decode(AvroRecords.decoder(schema), bytes, Integer.MAX_VALUE));
        } catch (org.dqmstream.ingest.RecordRejectedException e) {
            throw new AssertionError(e);
        }
    }

    private static SubsystemCertification subsystem(RunCertification run, String name) {
        return run.getSubsystems().stream().filter(s -> s.getSubsystem().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> ranges(List<LumisectionRange> ranges) {
        return ranges.stream().map(r -> r.getFirst() + "-" + r.getLast()).toList();
    }
}
