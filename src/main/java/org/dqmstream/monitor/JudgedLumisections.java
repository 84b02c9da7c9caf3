package org.dqmstream.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Lumisections already judged, with the stream time they were, in a changelogged store: a later record
 * for one of them cannot flag it a second time. Entries older than the retention (stream time) are
 * forgotten, so the store stays bounded.
 */
final class JudgedLumisections {
    private final KeyValueStore<String, Long> store;

    private JudgedLumisections(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** The named store of the processor's {@code context}, with its expiry scheduled. */
    static JudgedLumisections of(ProcessorContext<?, ?> context, String storeName, Duration retention) {
        JudgedLumisections judged = new JudgedLumisections(context.getStateStore(storeName));
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME,
                now -> judged.forgetBefore(context.currentStreamTimeMs() - retention.toMillis()));
        return judged;
    }

    /** When {@code key} was judged (a record timestamp), or null. */
    Long judgedAt(String key) {
        return store.get(key);
    }

    void judged(String key, long timestamp) {
        store.put(key, timestamp);
    }

    private void forgetBefore(long oldest) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value < oldest) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(store::delete);
    }
}
