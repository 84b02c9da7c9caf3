package org.dqmstream.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dqmstream.records.BadRange;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.LumisectionRange;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.RunLedger;
import org.dqmstream.records.SubsystemCertification;
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
    void aLevelTakenTwiceOrFromTwoSourcesKeepsTheWorstAndSurvivesItsLedger() {
        SubsystemLevels levels = SubsystemLevels.empty();
        assertThat(levels.record(7, FlagLevel.BAD, "first")).isTrue();
        levels.record(7, FlagLevel.GOOD, "");
        levels.record(7, FlagLevel.BAD, "again");
        assertThat(levels.record(SubsystemLevels.MAX_LUMISECTION + 1, FlagLevel.GOOD, "")).isFalse();
        assertThat(levels.record(0, FlagLevel.GOOD, "")).isFalse();
        SubsystemLevels back = SubsystemLevels.of(levels.toLedger());
        assertThat(back.level(7)).isEqualTo(FlagLevel.BAD);
        assertThat(back.badReason(7)).isEqualTo("first");
        assertThat(back.level(6)).isNull();
        assertThat(back.level(1_000)).isNull();
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
