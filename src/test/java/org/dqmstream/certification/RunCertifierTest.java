package org.dqmstream.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dqmstream.records.BadRange;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.LumisectionLevels;
import org.dqmstream.records.LumisectionRange;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.RunLedger;
import org.dqmstream.records.SubsystemCertification;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.records.VerdictKind;
import org.junit.jupiter.api.Test;

class RunCertifierTest {
    private static final int RUN = 320_000;
    /** LS 1-3 GOOD, 4-5 BAD, 6 WARNING, 7-8 GOOD, 9 never flagged, 10 GOOD. */
    private static final String LEVELS = "GGGBBWGG.G";

    @Test
    void theMonitorsLevelsBecomeGoodRangesUnderThePolicy() {
        RunLedger ledger = ledger();
        SubsystemCertification asIs = hcal(ledger, new CertificationPolicy(true, 1));
        assertThat(ranges(asIs.getGoodRanges())).containsExactly("1-3", "6-8", "10-10");
        assertThat(ranges(asIs.getMonitorGoodRanges())).containsExactly("1-3", "6-8", "10-10");
        assertThat(List.of(asIs.getGood(), asIs.getWarning(), asIs.getBad())).containsExactly(6, 1, 2);
        assertThat(asIs.getBadRanges()).singleElement().satisfies(r -> {
            assertThat(List.of(r.getFirst(), r.getLast())).containsExactly(4, 5);
            assertThat(r.getReason()).isEqualTo("reason at 4");
            assertThat(r.getVerdict()).isNull();
        });

        SubsystemCertification strict = hcal(ledger, new CertificationPolicy(false, 1));
        assertThat(ranges(strict.getGoodRanges())).containsExactly("1-3", "7-8", "10-10");
        assertThat(strict.getBadRanges()).extracting(BadRange::getLast).containsExactly(6);

        SubsystemCertification lenient = hcal(ledger, new CertificationPolicy(true, 3));
        assertThat(ranges(lenient.getGoodRanges())).as("two BAD in a row are fewer than three").containsExactly("1-8",
                "10-10");
        assertThat(lenient.getBadRanges()).isEmpty();
        RunCertification whole = RunCertifier.certify(ledger, Map.of("Hcal", levels(), "Muon", levels()),
                new CertificationPolicy(true, 3), 5);
        assertThat(whole.getLumisections()).as("lumisection 9 was never flagged").isEqualTo(9);
        assertThat(whole.getPolicy().getDescription()).contains("3 not-good lumisections in a row");
    }

    @Test
    void verdictsOverrideTheMonitorTheLaterWinningAndTheMonitorsViewIsKept() {
        RunLedger ledger = ledger();
        ledger.getVerdicts().add(verdict(4, 5, VerdictKind.FALSE_ALARM));
        SubsystemCertification overruled = hcal(ledger, new CertificationPolicy(true, 1));
        assertThat(ranges(overruled.getGoodRanges())).containsExactly("1-8", "10-10");
        assertThat(ranges(overruled.getMonitorGoodRanges())).containsExactly("1-3", "6-8", "10-10");
        assertThat(overruled.getBadRanges()).isEmpty();

        ledger.getVerdicts().add(verdict(5, 8, VerdictKind.CONFIRMED));
        SubsystemCertification confirmed = hcal(ledger, new CertificationPolicy(true, 1));
        assertThat(ranges(confirmed.getGoodRanges())).containsExactly("1-4", "10-10");
        assertThat(confirmed.getBadRanges()).singleElement().satisfies(r -> {
            assertThat(r.getReason()).isEqualTo("CONFIRMED by alice: seen on the hit map");
            assertThat(r.getVerdict()).isEqualTo(VerdictKind.CONFIRMED);
        });
        SubsystemCertification muon = RunCertifier.certify(ledger, Map.of("Muon", levels()),
                new CertificationPolicy(true, 1), 5).getSubsystems().get(0);
        assertThat(ranges(muon.getGoodRanges())).as("a verdict is for its subsystem only")
                .containsExactly("1-3", "6-8", "10-10");
    }

    @Test
    void aKnownIssueQuietsItsSubsystemWhileItCoversTheRunsLatestLumisection() {
        RunLedger ledger = ledger();
        assertThat(RunCertifier.knownIssues(ledger)).isEmpty();
        ledger.getVerdicts().add(verdict(6, null, VerdictKind.KNOWN_ISSUE));
        assertThat(RunCertifier.knownIssues(ledger)).containsExactly("Hcal");
        SubsystemCertification known = hcal(ledger, new CertificationPolicy(true, 1));
        assertThat(ranges(known.getGoodRanges())).as("to the end of the run").containsExactly("1-3");

        ledger.getVerdicts().add(verdict(9, 12, VerdictKind.FALSE_ALARM));
        assertThat(RunCertifier.knownIssues(ledger)).as("a later verdict covers the latest lumisection").isEmpty();
        ledger.getVerdicts().add(verdict(1, 3, VerdictKind.KNOWN_ISSUE));
        assertThat(RunCertifier.knownIssues(ledger)).as("over, the run is past it").isEmpty();
        ledger.getVerdicts().add(verdict(10, 10, VerdictKind.KNOWN_ISSUE));
        ledger.setOpen(false);
        assertThat(RunCertifier.knownIssues(ledger)).as("the run closed").isEmpty();
    }

    @Test
    void aLumisectionTakenTwiceKeepsEachSubsystemsWorstLevelAndItsReason() {
        LumisectionLevels first = RunCertifier.levelsOf(List.of(flag("Hcal", FlagLevel.BAD, "hot tower"),
                flag("Muon", FlagLevel.GOOD, ""), flag("Ecal", FlagLevel.WARNING, "")));
        assertThat(first.getLevels()).containsEntry("Hcal", 2).containsEntry("Muon", 0).containsEntry("Ecal", 1);
        assertThat(first.getBadReasons()).containsOnlyKeys("Hcal");
        LumisectionLevels again = RunCertifier.levelsOf(List.of(flag("Hcal", FlagLevel.GOOD, ""),
                flag("Muon", FlagLevel.BAD, "chambers off"), flag("Ecal", FlagLevel.WARNING, "")));
        LumisectionLevels merged = RunCertifier.merge(first, again);
        assertThat(merged.getLevels()).containsEntry("Hcal", 2).containsEntry("Muon", 2).containsEntry("Ecal", 1);
        assertThat(merged.getBadReasons()).containsEntry("Hcal", "hot tower").containsEntry("Muon", "chambers off");
        assertThat(RunCertifier.merge(merged, first)).isEqualTo(merged);

        SubsystemLevels levels = SubsystemLevels.empty();
        assertThat(levels.record(SubsystemLevels.MAX_LUMISECTION + 1, FlagLevel.GOOD, "")).isFalse();
        assertThat(levels.record(0, FlagLevel.GOOD, "")).isFalse();
        assertThat(levels.record(7, FlagLevel.BAD, "first")).isTrue();
        levels.record(7, FlagLevel.GOOD, "");
        assertThat(levels.level(7)).isEqualTo(FlagLevel.BAD);
        assertThat(levels.badReason(7)).isEqualTo("first");
        assertThat(levels.level(6)).isNull();
        assertThat(levels.level(1_000)).isNull();
    }

    private static SubsystemFlag flag(String subsystem, FlagLevel level, String reason) {
        return new SubsystemFlag(RUN, 7, Instant.ofEpochSecond(7), subsystem, level, 0.0, 1.0, 2.0, "v1",
                "lumisection", List.of(), reason, "autoencoder");
    }

    private static SubsystemCertification hcal(RunLedger ledger, CertificationPolicy policy) {
        return RunCertifier.certify(ledger, Map.of("Hcal", levels()), policy, 5).getSubsystems().get(0);
    }

    static RunLedger ledger() {
        RunLedger ledger = RunCertifier.newRun(RUN, 1, 1_000, 0);
        for (int ls = 1; ls <= LEVELS.length(); ls++) {
            if (LEVELS.charAt(ls - 1) != '.') {
                RunCertifier.seen(ledger, ls, 1_000L * ls, "v1", 0);
            }
        }
        return ledger;
    }

    static SubsystemLevels levels() {
        SubsystemLevels levels = SubsystemLevels.empty();
        for (int ls = 1; ls <= LEVELS.length(); ls++) {
            FlagLevel level = switch (LEVELS.charAt(ls - 1)) {
                case 'G' -> FlagLevel.GOOD;
                case 'W' -> FlagLevel.WARNING;
                case 'B' -> FlagLevel.BAD;
                default -> null;
            };
            if (level != null) {
                levels.record(ls, level, "reason at " + ls);
            }
        }
        return levels;
    }

    static FlagVerdict verdict(int first, Integer last, VerdictKind kind) {
        return new FlagVerdict(RUN, first, last, "Hcal", kind, "alice", "seen on the hit map", Instant.EPOCH);
    }

    static List<String> ranges(List<LumisectionRange> ranges) {
        return ranges.stream().map(r -> r.getFirst() + "-" + r.getLast()).toList();
    }
}
