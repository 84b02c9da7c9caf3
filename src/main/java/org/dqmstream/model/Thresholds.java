package org.dqmstream.model;

/** Subsystem-score cuts calibrated on held-out good lumisections at chosen false-alarm rates. */
public record Thresholds(double warning, double bad) {
    public Thresholds {
        if (bad < warning) {
            throw new IllegalArgumentException("BAD threshold " + bad + " below WARNING threshold " + warning);
        }
    }
}
