package org.dqmstream.certification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

/**
 * Turns a run's flag levels and people's verdicts into its certification: the monitor's levels under the
 * {@link CertificationPolicy}, then every verdict in the order received, the later winning where they overlap.
 * Only lumisections the monitor flagged can be certified good.
 */
public final class RunCertifier {
    private RunCertifier() {
    }

    public static RunLedger newRun(int run, int lumisection, long timestamp, long now) {
        return new RunLedger(run, true, lumisection, lumisection, timestamp, timestamp, now, null, new ArrayList<>(),
                new ArrayList<>());
    }

    /**
     * Widens the run's seen range to a lumisection flagged (number and timestamp) and notes the model
     * version that flagged it.
     */
    public static void seen(RunLedger ledger, int lumisection, long timestamp, String modelVersion, long now) {
        ledger.setFirstLumisection(Math.min(ledger.getFirstLumisection(), lumisection));
        ledger.setLastLumisection(Math.max(ledger.getLastLumisection(), lumisection));
        ledger.setStart(Math.min(ledger.getStart(), timestamp));
        ledger.setEnd(Math.max(ledger.getEnd(), timestamp));
        ledger.setLastChange(now);
        if (!ledger.getModelVersions().contains(modelVersion)) {
            ledger.getModelVersions().add(modelVersion);
        }
    }

    /** One lumisection's flags (one per subsystem, of one run and lumisection) as its certification takes them. */
    public static LumisectionLevels levelsOf(List<SubsystemFlag> flags) {
        SubsystemFlag first = flags.get(0);
        Map<String, Integer> levels = new HashMap<>();
        Map<String, String> badReasons = new HashMap<>();
        for (SubsystemFlag flag : flags) {
            levels.put(flag.getSubsystem(), flag.getLevel().ordinal());
            if (flag.getLevel() == FlagLevel.BAD) {
                badReasons.put(flag.getSubsystem(), flag.getReason());
            }
        }
        return new LumisectionLevels(first.getRun(), first.getLumisection(), first.getTimestamp().toEpochMilli(),
                first.getModelVersion(), levels, badReasons);
    }

    /**
     * The same lumisection's levels taken twice (a re-delivered or re-scored lumisection): the worst level of
     * each subsystem wins, so taking one again changes nothing.
     */
    public static LumisectionLevels merge(LumisectionLevels held, LumisectionLevels again) {
        Map<String, Integer> levels = new HashMap<>(held.getLevels());
        Map<String, String> badReasons = new HashMap<>(held.getBadReasons());
        again.getLevels().forEach((subsystem, level) -> {
            if (level > levels.getOrDefault(subsystem, -1)) {
                levels.put(subsystem, level);
                String reason = again.getBadReasons().get(subsystem);
                if (reason != null) {
                    badReasons.put(subsystem, reason);
                }
            }
        });
        return new LumisectionLevels(held.getRun(), held.getLumisection(), held.getTimestamp(), held.getModelVersion(),
                levels, badReasons);
    }

    /** Adds one lumisection's levels to each subsystem's levels over the run. */
    public static void add(Map<String, SubsystemLevels> bySubsystem, LumisectionLevels lumisection) {
        lumisection.getLevels().forEach((subsystem, level) -> bySubsystem.computeIfAbsent(subsystem,
                s -> SubsystemLevels.empty()).record(lumisection.getLumisection(), FlagLevel.values()[level],
                lumisection.getBadReasons().get(subsystem)));
    }

    /** Whether a verdict covers a lumisection. */
    public static boolean covers(FlagVerdict verdict, int lumisection) {
        return lumisection >= verdict.getFirstLumisection()
                && (verdict.getLastLumisection() == null || lumisection <= verdict.getLastLumisection());
    }

    /**
     * Subsystems whose latest verdict covering the run's latest lumisection is KNOWN_ISSUE, while the run
     * is open: their BAD alerts stay quiet.
     */
    public static Set<String> knownIssues(RunLedger ledger) {
        Map<String, VerdictKind> latest = new TreeMap<>();
        if (ledger.getOpen()) {
            for (FlagVerdict v : ledger.getVerdicts()) {
                if (covers(v, ledger.getLastLumisection())) {
                    latest.put(v.getSubsystem(), v.getVerdict());
                }
            }
        }
        latest.values().removeIf(kind -> kind != VerdictKind.KNOWN_ISSUE);
        return new TreeSet<>(latest.keySet());
    }

    public static RunCertification certify(RunLedger ledger, Map<String, SubsystemLevels> subsystems,
                                           CertificationPolicy policy, long now) {
        List<SubsystemCertification> certified = new ArrayList<>();
        new TreeMap<>(subsystems).forEach((subsystem, levels) ->
                certified.add(certify(ledger, subsystem, levels, policy)));
        int seen = subsystems.values().stream().mapToInt(levels -> flagged(ledger, levels)).max().orElse(0);
        return new RunCertification(ledger.getRun(), ledger.getOpen(), ledger.getFirstLumisection(),
                ledger.getLastLumisection(), seen, Instant.ofEpochMilli(ledger.getStart()),
                Instant.ofEpochMilli(ledger.getEnd()), Instant.ofEpochMilli(now), policy.toRecord(),
                List.copyOf(ledger.getModelVersions()), certified, List.copyOf(ledger.getVerdicts()));
    }

    private static int flagged(RunLedger ledger, SubsystemLevels levels) {
        int n = 0;
        for (int ls = ledger.getFirstLumisection(); ls <= ledger.getLastLumisection(); ls++) {
            n += levels.level(ls) == null ? 0 : 1;
        }
        return n;
    }

    private static SubsystemCertification certify(RunLedger ledger, String subsystem, SubsystemLevels levels,
                                                  CertificationPolicy policy) {
        int first = ledger.getFirstLumisection();
        int last = Math.min(ledger.getLastLumisection(), SubsystemLevels.MAX_LUMISECTION);
        int n = Math.max(0, last - first + 1);
        FlagLevel[] level = new FlagLevel[n];
        boolean[] monitorGood = new boolean[n];
        int[] counts = new int[FlagLevel.values().length];
        for (int i = 0; i < n; i++) {
            level[i] = levels.level(first + i);
            if (level[i] != null) {
                counts[level[i].ordinal()]++;
                monitorGood[i] = level[i] == FlagLevel.GOOD || level[i] == FlagLevel.WARNING && policy.warningIsGood();
            }
        }
        forgiveShortStretches(level, monitorGood, policy.minConsecutiveBad());
        boolean[] good = monitorGood.clone();
        FlagVerdict[] decided = new FlagVerdict[n];
        for (FlagVerdict v : ledger.getVerdicts()) {
            if (!v.getSubsystem().equals(subsystem)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (level[i] != null && covers(v, first + i)) {
                    good[i] = v.getVerdict() == VerdictKind.FALSE_ALARM;
                    decided[i] = v;
                }
            }
        }
        return new SubsystemCertification(subsystem, ranges(first, level, good, true),
                ranges(first, level, monitorGood, true), counts[FlagLevel.GOOD.ordinal()],
                counts[FlagLevel.WARNING.ordinal()], counts[FlagLevel.BAD.ordinal()],
                badRanges(first, level, good, decided, levels));
    }

    /** Not-good stretches shorter than the policy's minimum are certified good. */
    private static void forgiveShortStretches(FlagLevel[] level, boolean[] good, int minConsecutiveBad) {
        if (minConsecutiveBad <= 1) {
            return;
        }
        for (LumisectionRange r : ranges(0, level, good, false)) {
            if (r.getLast() - r.getFirst() + 1 < minConsecutiveBad) {
                for (int i = r.getFirst(); i <= r.getLast(); i++) {
                    good[i] = true;
                }
            }
        }
    }

    /**
     * Ranges of consecutive flagged lumisections whose {@code good} is {@code wanted}; index i is lumisection
     * first + i.
     */
    private static List<LumisectionRange> ranges(int first, FlagLevel[] level, boolean[] good, boolean wanted) {
        List<LumisectionRange> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= level.length; i++) {
            boolean in = i < level.length && level[i] != null && good[i] == wanted;
            if (in && start < 0) {
                start = i;
            } else if (!in && start >= 0) {
                out.add(new LumisectionRange(first + start, first + i - 1));
                start = -1;
            }
        }
        return out;
    }

    /** Not-good stretches, split where the verdict deciding them changes, so each range has one reason. */
    private static List<BadRange> badRanges(int first, FlagLevel[] level, boolean[] good, FlagVerdict[] decided,
                                            SubsystemLevels levels) {
        List<BadRange> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= level.length; i++) {
            boolean bad = i < level.length && level[i] != null && !good[i];
            if (start >= 0 && (!bad || decided[i] != decided[start])) {
                out.add(badRange(first + start, first + i - 1, decided[start], levels));
                start = -1;
            }
            if (bad && start < 0) {
                start = i;
            }
        }
        return out;
    }

    private static BadRange badRange(int first, int last, FlagVerdict verdict, SubsystemLevels levels) {
        if (verdict == null) {
            return new BadRange(first, last, firstBadReason(levels, first, last), null);
        }
        return new BadRange(first, last, verdict.getVerdict() + " by " + verdict.getWho()
                + (verdict.getComment().isBlank() ? "" : ": " + verdict.getComment()), verdict.getVerdict());
    }

    private static String firstBadReason(SubsystemLevels levels, int first, int last) {
        for (int ls = first; ls <= last; ls++) {
            String reason = levels.badReason(ls);
            if (reason != null) {
                return reason;
            }
        }
        return "WARNING flags (the policy counts WARNING as bad)";
    }
}
