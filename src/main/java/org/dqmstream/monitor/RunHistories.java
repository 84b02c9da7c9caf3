package org.dqmstream.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dqmstream.runs.RunContext;
import org.dqmstream.runs.RunHistory;
import org.dqmstream.scoring.ScoredLumisection;

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

    /** {@code scored} judged in its run's context (see {@link RunContext}); the run's history then takes it in. */
    ScoredLumisection observe(RunContext context, ScoredLumisection scored, long timestamp) {
        int run = scored.lumisection().record().getRun();
        byte[] bytes = store.get(run);
        RunHistory history = bytes == null ? RunHistory.empty() : RunHistory.fromBytes(bytes);
        ScoredLumisection judged = context.observe(history, scored, timestamp);
        store.put(run, history.toBytes());
        return judged;
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
