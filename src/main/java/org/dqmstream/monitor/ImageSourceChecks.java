package org.dqmstream.monitor;

import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageFaultCheck;
import org.dqmstream.image.ImageLumisectionCheck;
import org.dqmstream.image.ImageProjections;
import org.dqmstream.image.ImageSourceBundle;

/**
 * One image source as the stream scores it: its models, and the per-lumisection checks it gets.
 *
 * @param mix the class-mix check, or null when the source has no classifier
 * @param faults the detector-fault check, or null when the source has no autoencoder
 */
record ImageSourceChecks(ImageSourceBundle bundle, ImageLumisectionCheck mix, ImageFaultCheck faults) {

    static ImageSourceChecks of(ImageSourceBundle bundle, MonitorConfig.Images images) {
        MonitorConfig.ImageSourceConfig sourceConfig = images.sources().get(bundle.source().id());
        ImageLumisectionCheck mix = bundle.classifier() == null ? null : new ImageLumisectionCheck(bundle.reference(),
                new ImageLumisectionCheck.Settings(sourceConfig.subsystem(), images.warningP(), images.badP(),
                        images.minEvents()), bundle.version());
        ImageFaultCheck faults = bundle.autoencoder() == null ? null : new ImageFaultCheck(bundle.source(),
                bundle.autoencoder(), sourceConfig.faultSubsystem(), images.minEvents(), bundle.version());
        return new ImageSourceChecks(bundle, mix, faults);
    }

    int classes() {
        return bundle.classifier() == null ? 0 : bundle.classifier().classes().size();
    }

    int projections() {
        return bundle.autoencoder() == null ? 0 : ImageProjections.length(bundle.source().shape());
    }
}
