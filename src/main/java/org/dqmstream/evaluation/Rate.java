package org.dqmstream.evaluation;

import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * A measured rate (count of of) with its 95% Wilson score interval: a false-alarm rate of a few percent on a few
 * hundred lumisections is uncertain by about as much as the rate itself, and the interval says so.
 *
 * @param low  NaN when {@code of} is 0
 */
public record Rate(int count, int of, double rate, double low, double high) {
    private static final WilsonScoreInterval WILSON = new WilsonScoreInterval();

    public static Rate of(int count, int of) {
        if (of == 0) {
            return new Rate(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        var interval = WILSON.createInterval(of, count, 0.95);
        return new Rate(count, of, (double) count / of, interval.getLowerBound(), interval.getUpperBound());
    }
}
