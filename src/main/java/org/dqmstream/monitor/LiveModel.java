package org.dqmstream.monitor;

import java.util.concurrent.atomic.AtomicReference;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.runs.RunContext;
import org.dqmstream.runs.StaleReadout;
import org.dqmstream.scoring.LumisectionScorer;

/**
 * The lumisection model in service. A promoted bundle replaces it between batches: each batch is scored,
 * and its outputs stamped, by one version, and no record waits for or misses the swap.
 */
final class LiveModel {
    /** One version's scorer and flagger, taken together for a batch. */
    record InService(ModelBundle bundle, LumisectionScorer scorer, SubsystemFlagger flagger, RunContext runContext) {
    }

    private final int topFeatures;
    private final StaleReadout.Settings stale;
    private final AtomicReference<InService> current;

    LiveModel(ModelBundle bundle, MonitorConfig config) {
        this.topFeatures = config.topFeatures();
        this.stale = config.runs().stale();
        this.current = new AtomicReference<>(inService(bundle));
    }

    InService current() {
        return current.get();
    }

    /**
     * Puts {@code next} in service.
     *
     * @throws IllegalArgumentException naming why, when it cannot score this stream's records
     */
    void swap(ModelBundle next) {
        ModelBundle now = current.get().bundle();
        if (!next.layout().id().equals(now.layout().id())) {
            throw new IllegalArgumentException("its feature layout " + next.layout().id() + " (" + next.layout().size()
                    + " features) is not the stream's " + now.layout().id() + " (" + now.layout().size() + " features)");
        }
        current.set(inService(next));
    }

    private InService inService(ModelBundle bundle) {
        return new InService(bundle, new LumisectionScorer(bundle), new SubsystemFlagger(bundle, topFeatures),
                new RunContext(bundle, stale));
    }
}
