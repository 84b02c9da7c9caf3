package org.dqmstream.model;

/**
 * What a group's two error summaries are held against: the mean squared error over its features, and the
 * mean of its largest squared errors, each with the level good data shows at a given luminosity. The score
 * is the log of an error over its reference (log E/E_mean of Borisyak et al.), the higher of the two: a fault
 * in a few dozen of a group's hundreds of features barely moves the mean (it is diluted), while a shifter
 * would see it at once in those few.
 *
 * <p>The score is then lowered by {@code offset}, the score that a share of held-out good lumisections
 * equal to the BAD false-alarm rate exceeds: so 0 means the same rarity for every group and detector, and
 * the largest of two detectors' scores is not simply the one whose scores spread wider.
 *
 * @param top    null in bundles made before the undiluted score, whose score is the mean's alone
 * @param offset 0 in bundles made before the statistical peer
 */
public record ScoreReference(ErrorReference mean, ErrorReference top, double offset) {

    public double score(double meanSquaredError, double topSquaredError, double luminosity) {
        double byMean = Math.log(Math.max(meanSquaredError, 1e-12) / mean.expected(luminosity));
        return (top == null ? byMean
                : Math.max(byMean, Math.log(Math.max(topSquaredError, 1e-12) / top.expected(luminosity)))) - offset;
    }

    public ScoreReference withOffset(double offset) {
        return new ScoreReference(mean, top, offset);
    }

    /** Fits both references to good data: per lumisection its two errors, luminosity and training weight. */
    public static ScoreReference fit(double[] means, double[] tops, double[] luminosities, double[] weights) {
        return new ScoreReference(ErrorReference.fit(means, luminosities, weights),
                ErrorReference.fit(tops, luminosities, weights), 0);
    }
}
