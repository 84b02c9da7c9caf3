package org.dqmstream.image;

import java.util.Arrays;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;

/**
 * Judges one lumisection of an image source against its reference: a chi-square test of the predicted
 * class counts, and a Kolmogorov-Smirnov test of the classifier-score shape, combined by Bonferroni.
 * Under a correct reference the combined p-value falls below p with probability at most p, so the
 * WARNING and BAD p-values bound the false-alarm rates. The flag's score is -log10 of that p-value.
 */
public final class ImageLumisectionCheck {
    public static final String SOURCE = "image";

    /**
     * @param subsystem name the flags carry, e.g. the detector or view the images come from
     * @param minEvents fewer events than this give no verdict on the mix (GOOD, and the reason says so)
     */
    public record Settings(String subsystem, double warningP, double badP, int minEvents) {
        public Settings {
            if (!(badP > 0 && badP <= warningP && warningP < 1)) {
                throw new IllegalArgumentException("need 0 < BAD p-value <= WARNING p-value < 1");
            }
        }
    }

    private final ImageReference reference;
    private final Settings settings;
    private final String modelVersion;

    public ImageLumisectionCheck(ImageReference reference, Settings settings, String modelVersion) {
        this.reference = reference;
        this.settings = settings;
        this.modelVersion = modelVersion;
    }

    /**
     * @param predictedCounts events predicted as each class, in the reference's class order
     * @param scores classifier scores of the lumisection's events (same class as the reference sample)
     */
    public SubsystemFlag judge(int run, int lumisection, Instant timestamp, long[] predictedCounts, double[] scores) {
        long events = Arrays.stream(predictedCounts).sum();
        double warningScore = -Math.log10(settings.warningP());
        double badScore = -Math.log10(settings.badP());
        if (events < settings.minEvents() || scores.length < 2) {
            return flag(run, lumisection, timestamp, FlagLevel.GOOD, 0, warningScore, badScore, String.format(
                    Locale.ROOT, "%s: %d events, fewer than the %d needed for a verdict", settings.subsystem(), events,
                    settings.minEvents()));
        }
        double[] expected = new double[predictedCounts.length];
        for (int k = 0; k < expected.length; k++) {
            expected[k] = reference.classFractions()[k] * events;
        }
        double mixP = new ChiSquareTest().chiSquareTest(expected, predictedCounts);
        double shapeP = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference.scoreSample(), scores);
        // Bonferroni: two tests, so twice the smaller p-value keeps the false-alarm rate at most p.
        double p = Math.min(1, 2 * Math.min(mixP, shapeP));
        double score = -Math.log10(Math.max(p, 1e-300));
        FlagLevel level = p <= settings.badP() ? FlagLevel.BAD : p <= settings.warningP() ? FlagLevel.WARNING
                : FlagLevel.GOOD;
        String worst = mixP <= shapeP ? mixDeviation(predictedCounts, events) : "classifier-score shape differs";
        String reason = String.format(Locale.ROOT, "%s %s: %d events; class mix p=%.2g, score shape p=%.2g%s",
                settings.subsystem(), level, events, mixP, shapeP, level == FlagLevel.GOOD ? "" : "; " + worst);
        return flag(run, lumisection, timestamp, level, score, warningScore, badScore, reason);
    }

    /** The class whose share moved most against the reference, in words. */
    private String mixDeviation(long[] counts, long events) {
        int worst = 0;
        double worstDelta = 0;
        for (int k = 0; k < counts.length; k++) {
            double delta = counts[k] / (double) events - reference.classFractions()[k];
            if (Math.abs(delta) > Math.abs(worstDelta)) {
                worst = k;
                worstDelta = delta;
            }
        }
        return String.format(Locale.ROOT, "%s %.1f%% of events against %.1f%% in the reference",
                reference.classes().get(worst), 100 * counts[worst] / (double) events,
                100 * reference.classFractions()[worst]);
    }

    private SubsystemFlag flag(int run, int lumisection, Instant timestamp, FlagLevel level, double score,
                               double warning, double bad, String reason) {
        return new SubsystemFlag(run, lumisection, timestamp, settings.subsystem(), level, score, warning, bad,
                modelVersion, SOURCE, List.of(), reason, "class-mix");
    }
}
