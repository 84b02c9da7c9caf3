package org.dqmstream.generator;

/**
 * How the generator draws runs and faults.
 *
 * @param faultFraction long-run fraction of lumisections inside a fault episode
 * @param meanFaultLength mean length of a fault episode in lumisections
 * @param minIntensity lowest fault intensity drawn (intensities are uniform in [min, 1])
 * @param minRunLength shortest run, in lumisections
 * @param maxRunLength longest run, in lumisections
 * @param startMillis timestamp of the first lumisection
 */
public record GeneratorSettings(long seed, double faultFraction, double meanFaultLength, double minIntensity,
                                int minRunLength, int maxRunLength, long startMillis) {

    /** 2010-09-01, inside the CMS 2010 proton run the naming follows. */
    public static final long DEFAULT_START_MILLIS = 1_283_299_200_000L;

    public GeneratorSettings {
        if (faultFraction < 0 || faultFraction >= 1) {
            throw new IllegalArgumentException("faultFraction must be in [0, 1), got " + faultFraction);
        }
        if (minIntensity < 0 || minIntensity > 1) {
            throw new IllegalArgumentException("minIntensity must be in [0, 1], got " + minIntensity);
        }
        if (minRunLength < 1 || maxRunLength < minRunLength) {
            throw new IllegalArgumentException("run lengths must satisfy 1 <= min <= max");
        }
        if (meanFaultLength < 1) {
            throw new IllegalArgumentException("meanFaultLength must be >= 1");
        }
    }

    /**
     * Runs of 5-40 lumisections: each run draws its own conditions (beam spot, calibration, fill), and
     * autoencoders only generalize to new runs when trained on many of them. With 4000 lumisections in
     * runs of 20-150 (about 33 training runs) false alarms on new runs were 2-6x the calibrated rate;
     * with runs of 5-40 (about 180 runs) they met it.
     */
    public static GeneratorSettings defaults(long seed) {
        return new GeneratorSettings(seed, 0.15, 6, 0.15, 5, 40, DEFAULT_START_MILLIS);
    }

    public GeneratorSettings withFaultFraction(double fraction) {
        return new GeneratorSettings(seed, fraction, meanFaultLength, minIntensity, minRunLength, maxRunLength,
                startMillis);
    }

    public GeneratorSettings withMinIntensity(double intensity) {
        return new GeneratorSettings(seed, faultFraction, meanFaultLength, intensity, minRunLength, maxRunLength,
                startMillis);
    }

    public GeneratorSettings withRunLengths(int min, int max) {
        return new GeneratorSettings(seed, faultFraction, meanFaultLength, minIntensity, min, max, startMillis);
    }

    public GeneratorSettings withStartMillis(long millis) {
        return new GeneratorSettings(seed, faultFraction, meanFaultLength, minIntensity, minRunLength, maxRunLength,
                millis);
    }
}
