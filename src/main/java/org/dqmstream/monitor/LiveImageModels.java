package org.dqmstream.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageSourceBundle;

/**
 * The image sources' models in service, by source id. A promoted bundle replaces its source's between
 * batches, like {@link LiveModel}; it must keep the classes and projections the open lumisections are
 * counting, so that a lumisection is judged on one set of counts.
 */
final class LiveImageModels {
    private final MonitorConfig.Images config;
    private final AtomicReference<Map<String, ImageSourceChecks>> current;

    /** @param loaded the bundles of the configured sources that loaded at start */
    LiveImageModels(List<ImageSourceBundle> loaded, MonitorConfig.Images config) {
        this.config = config;
        Map<String, ImageSourceChecks> sources = new LinkedHashMap<>();
        loaded.forEach(b -> sources.put(b.source().id(), ImageSourceChecks.of(b, config)));
        this.current = new AtomicReference<>(Map.copyOf(sources));
    }

    /** The sources in service now: take it once per batch. */
    Map<String, ImageSourceChecks> current() {
        return current.get();
    }

    boolean configured(String source) {
        return config.sources().containsKey(source);
    }

    /** The version serving {@code source}, or null when none loaded. */
    String version(String source) {
        ImageSourceChecks checks = current.get().get(source);
        return checks == null ? null : checks.bundle().version();
    }

    /**
     * Puts {@code next} in service for its source.
     *
     * @throws IllegalArgumentException naming why, when it does not fit what the stream is counting
     */
    void swap(ImageSourceBundle next) {
        String id = next.source().id();
        if (!configured(id)) {
            throw new IllegalArgumentException("source " + id + " is not scored here (images.sources)");
        }
        ImageSourceChecks candidate = ImageSourceChecks.of(next, config);
        ImageSourceChecks now = current.get().get(id);
        if (now != null) {
            List<String> before = now.bundle().classifier() == null ? List.of() : now.bundle().classifier().classes();
            List<String> after = next.classifier() == null ? List.of() : next.classifier().classes();
            if (!before.equals(after) || now.projections() != candidate.projections()) {
                throw new IllegalArgumentException("its classes " + after + " and " + candidate.projections()
                        + " projections are not the " + before + " and " + now.projections()
                        + " the open lumisections are counting");
            }
        }
        Map<String, ImageSourceChecks> sources = new LinkedHashMap<>(current.get());
        sources.put(id, candidate);
        current.set(Map.copyOf(sources));
    }
}
