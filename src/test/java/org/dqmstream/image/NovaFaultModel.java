package org.dqmstream.image;

import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A NOvA fault autoencoder trained once per test run, on lumisections of 100 generated healthy events. */
public final class NovaFaultModel {
    public static final int EVENTS_PER_LUMISECTION = 100;
    private static ImageAutoencoder autoencoder;

    private NovaFaultModel() {
    }

    public static synchronized ImageAutoencoder autoencoder() {
        if (autoencoder == null) {
            NovaEventGenerator healthy = new NovaEventGenerator(1);
            autoencoder = ImageFaultStudy.train(() -> healthy.take(1).get(0).charges(), ImageSource.NOVA,
                    new ImageFaultStudy.Settings(700, EVENTS_PER_LUMISECTION, 60, 3), new ProgressBarBuilder());
        }
        return autoencoder;
    }

    /** Its bundle; the autoencoder learnt from a generator stream, not a fixed set, so nothing is fingerprinted. */
    public static ImageSourceBundle bundle() {
        return ImageSourceBundle.create(ImageSource.NOVA, null, null, autoencoder(), Map.of(), List.of());
    }
}
