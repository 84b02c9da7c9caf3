package org.dqmstream.certification;

import java.util.Arrays;
import java.util.TreeMap;
import org.dqmstream.records.FlagLevel;

/** One subsystem's flag levels over a run, by lumisection, with the reasons of its BAD flags: built to certify it. */
public final class SubsystemLevels {
    /**
     * The highest lumisection a run's certification holds: 65,535 lumisections of 23 s are 17 days of beam,
     * far beyond any run, and bound the state a malicious lumisection number could make the monitor hold.
     */
    public static final int MAX_LUMISECTION = 65_535;
    static final byte NOT_FLAGGED = 0;

    private byte[] levels;
    private final TreeMap<Integer, String> badReasons;

    private SubsystemLevels(byte[] levels, TreeMap<Integer, String> badReasons) {
        this.levels = levels;
        this.badReasons = badReasons;
    }

    public static SubsystemLevels empty() {
        return new SubsystemLevels(new byte[0], new TreeMap<>());
    }

    /**
     * Takes a lumisection's level in; the worst level wins if a lumisection is taken twice, so taking one
     * again changes nothing.
     *
     * @return whether the lumisection is within {@link #MAX_LUMISECTION} and was taken
     */
    public boolean record(int lumisection, FlagLevel level, String reason) {
        if (lumisection < 1 || lumisection > MAX_LUMISECTION) {
            return false;
        }
        if (lumisection > levels.length) {
            levels = Arrays.copyOf(levels, Math.min(MAX_LUMISECTION, Math.max(lumisection, levels.length * 2)));
        }
        byte code = (byte) (level.ordinal() + 1);
        if (code > levels[lumisection - 1]) {
            levels[lumisection - 1] = code;
            if (level == FlagLevel.BAD) {
                badReasons.put(lumisection, reason);
            }
        }
        return true;
    }

    /** The level of a lumisection, or null if it was never flagged. */
    public FlagLevel level(int lumisection) {
        if (lumisection < 1 || lumisection > levels.length || levels[lumisection - 1] == NOT_FLAGGED) {
            return null;
        }
        return FlagLevel.values()[levels[lumisection - 1] - 1];
    }

    public String badReason(int lumisection) {
        return badReasons.get(lumisection);
    }

}
