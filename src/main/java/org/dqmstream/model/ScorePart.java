package org.dqmstream.model;

import java.util.List;

/**
 * The detectors whose scores a bundle's group score takes the largest of: the autoencoder's, the
 * statistical peer's, or both. Each is a log error ratio against good data at the lumisection's
 * luminosity, offset so that 0 is equally rare in good data for both (see {@link ScoreReference}); the
 * thresholds are calibrated on the combination the bundle ships.
 */
public enum ScorePart {
    AUTOENCODER("autoencoder"),
    PEER("statistical-peer");

    /** The name a flag's detector field gives it. */
    public final String detector;

    ScorePart(String detector) {
        this.detector = detector;
    }

    /** What bundles made before the statistical peer score with. */
    public static final List<ScorePart> AUTOENCODER_ONLY = List.of(AUTOENCODER);

    /**
     * The group score of {@code parts}, from the autoencoder's and the peer's scores; a group too small for
     * a peer (NaN) is scored by its autoencoder whatever the parts.
     */
    public static double combine(List<ScorePart> parts, double autoencoder, double peer) {
        if (Double.isNaN(peer)) {
            return autoencoder;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (ScorePart p : parts) {
            best = Math.max(best, p == AUTOENCODER ? autoencoder : peer);
        }
        return best;
    }
}
