package org.dqmstream.image;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;

/**
 * Judges one lumisection of an image source for detector faults: its events' mean projections go
 * through the source's autoencoder, and the flag names the view and the signature of what is wrong
 * ("x-z view: dead-plane signature at plane 37").
 */
public final class ImageFaultCheck {
    public static final String SOURCE = "image-faults";

    private final ImageSource source;
    private final ImageAutoencoder autoencoder;
    private final String subsystem;
    private final int minEvents;
    private final String modelVersion;

    /** @param minEvents fewer events than this give no verdict: their mean is too noisy to judge */
    public ImageFaultCheck(ImageSource source, ImageAutoencoder autoencoder, String subsystem, int minEvents,
                           String modelVersion) {
        this.source = source;
        this.autoencoder = autoencoder;
        this.subsystem = subsystem;
        this.minEvents = minEvents;
        this.modelVersion = modelVersion;
    }

    /** @param projectionSums the events' projections added up ({@link ImageProjections#add}) */
    public SubsystemFlag judge(int run, int lumisection, Instant timestamp, long events, double[] projectionSums) {
        ImageAutoencoder.Calibration c = autoencoder.calibration();
        if (events < minEvents) {
            return flag(run, lumisection, timestamp, FlagLevel.GOOD, 0, String.format(Locale.ROOT,
                    "%s: %d events, fewer than the %d needed for a verdict", subsystem, events, minEvents));
        }
        double[] mean = new double[projectionSums.length];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = projectionSums[j] / events;
        }
        ImageAutoencoder.Assessment a = autoencoder.assess(List.of(mean)).get(0);
        String what = a.level() == FlagLevel.GOOD ? "" : String.format(Locale.ROOT, "%s: %s signature%s; ",
                source.viewName(a.signature().view()), a.signature().label(),
                a.signature().place().isEmpty() ? "" : " at " + a.signature().place());
        String reason = String.format(Locale.ROOT, "%s %s: %s%d events, score %.2f (WARNING above %.2f, BAD above %.2f)",
                subsystem, a.level(), what, events, a.score(), c.warningThreshold(), c.badThreshold());
        return flag(run, lumisection, timestamp, a.level(), a.score(), reason);
    }

    private SubsystemFlag flag(int run, int lumisection, Instant timestamp, FlagLevel level, double score, String reason) {
        ImageAutoencoder.Calibration c = autoencoder.calibration();
        return new SubsystemFlag(run, lumisection, timestamp, subsystem, level, score, c.warningThreshold(),
                c.badThreshold(), modelVersion, SOURCE, List.of(), reason, "image-autoencoder");
    }
}
