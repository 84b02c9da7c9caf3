package org.dqmstream.certification;

import org.dqmstream.records.AppliedPolicy;

/**
 * How the monitor's flag levels become a certification: which levels count as good, and how long a
 * stretch of BAD lumisections must be before the range is cut (a single BAD lumisection in a long good run
 * is most often a fluctuation a data-quality expert would not cut).
 *
 * @param warningIsGood      a WARNING lumisection is certified good
 * @param minConsecutiveBad  a stretch of fewer not-good lumisections in a row is certified good
 */
public record CertificationPolicy(boolean warningIsGood, int minConsecutiveBad) {
    public CertificationPolicy {
        if (minConsecutiveBad < 1) {
            throw new IllegalArgumentException("minConsecutiveBad must be at least 1, got " + minConsecutiveBad);
        }
    }

    public String description() {
        return (warningIsGood ? "WARNING counts as good" : "WARNING counts as bad") + "; "
                + (minConsecutiveBad == 1 ? "every BAD lumisection is cut"
                : "a range is cut after " + minConsecutiveBad + " not-good lumisections in a row")
                + "; people's verdicts override the monitor";
    }

    AppliedPolicy toRecord() {
        return new AppliedPolicy(warningIsGood, minConsecutiveBad, description());
    }
}
