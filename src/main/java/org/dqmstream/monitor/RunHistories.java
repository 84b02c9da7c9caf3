package org.dqmstream.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.runs.RunHistory;
import org.dqmstream.runs.StaleReadout;

/**
 * Each run's history in a changelogged store keyed by run, written in the same transaction as the flags
 * it led to: a restart or a rebalance resumes it without losing or repeating a lumisection. The router
 * sends all of a run's lumisections to one task, so the history is whole. Runs not seen for the retention
 * (stream time) are forgotten, so the store stays bounded.
 */
final class RunHistories {
    private final KeyValueStore<Integer, byte[]> store;

    private RunHistories(KeyValueStore<Integer, byte[]> store) {
        this.store = store;
    }

    static RunHistories of(ProcessorContext<?, ?> context, String storeName, Duration retention) {
        RunHistories histories = new RunHistories(context.getStateStore(storeName));
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME,
                now -> histories.forgetBefore(context.currentStreamTimeMs() - retention.toMillis()));
        return histories;
    }

    /** The stale groups of {@code lumisection} against its run's history, which then takes it in. */
    List<StaleReadout.StaleGroup> observe(StaleReadout stale, ValidLumisection lumisection, long timestamp) {
        int run = lumisection.record().getRun();
        byte[] bytes = store.get(run);
        RunHistory history = bytes == null ? RunHistory.empty() : RunHistory.fromBytes(bytes);
        List<StaleReadout.StaleGroup> found = stale.observe(history, lumisection, timestamp);
        store.put(run, history.toBytes());
        return found;
    }

    private void forgetBefore(long oldest) {
        List<Integer> expired = new ArrayList<>();
        try (KeyValueIterator<Integer, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> {
                if (RunHistory.fromBytes(kv.value).lastSeenMillis() < oldest) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(store::delete);
    }
}
