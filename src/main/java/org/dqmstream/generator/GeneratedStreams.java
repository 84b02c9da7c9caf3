package org.dqmstream.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageLumisectionGenerator;
import org.dqmstream.image.ImageSource;
import org.dqmstream.lumisection.FeatureLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in data sources, as configured: generated lumisections with faults, and generated events
 * of every configured image source with detector faults and class-mix shifts, each publisher on its own
 * thread.
 */
public final class GeneratedStreams implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GeneratedStreams.class);

    private final MonitorConfig cfg;
    private final List<RecordPublisher> publishers;

    private GeneratedStreams(MonitorConfig cfg, List<RecordPublisher> publishers) {
        this.cfg = cfg;
        this.publishers = publishers;
    }

    public static GeneratedStreams of(MonitorConfig cfg, Properties client) {
        MonitorConfig.Generator g = cfg.generator();
        List<RecordPublisher> publishers = new ArrayList<>();
        publishers.add(RecordPublisher.lumisections(new LumisectionGenerator(FeatureLayout.standard(),
                GeneratorSettings.defaults(g.seed()).withFaultFraction(g.faultFraction())), client,
                cfg.topics().lumisections(), g.rate()));
        long seed = g.seed();
        for (String id : cfg.images().sources().keySet()) {
            ImageLumisectionGenerator images = new ImageLumisectionGenerator(new ImageLumisectionGenerator.Settings(
                    ImageSource.ofId(id), g.imageEventsPerLumisection(), 500, g.faultFraction(), ++seed));
            publishers.add(RecordPublisher.images(images, client, cfg.topics().images(), g.imageRate()));
        }
        return new GeneratedStreams(cfg, publishers);
    }

    public void start() {
        publishers.forEach(RecordPublisher::start);
        log.info("Publishing generated lumisections to {} at {}/s{}", cfg.topics().lumisections(), cfg.generator().rate(),
                cfg.images().sources().isEmpty() ? "" : ", and " + cfg.images().sources().keySet() + " event images to "
                        + cfg.topics().images() + " at " + cfg.generator().imageRate() + "/s each");
    }

    @Override
    public void close() {
        // All stop first: one publisher's slow delivery must not keep the others publishing.
        publishers.forEach(RecordPublisher::stop);
        publishers.forEach(RecordPublisher::close);
    }
}
