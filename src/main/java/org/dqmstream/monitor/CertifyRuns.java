package org.dqmstream.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.message.MessageDecoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dqmstream.certification.CertificationPolicy;
import org.dqmstream.certification.RunCertifier;
import org.dqmstream.certification.SubsystemLevels;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.InputLimits;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.metrics.CertificationMetrics;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.LumisectionLevels;
import org.dqmstream.records.RunLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certifies runs as their lumisections are flagged, and applies the shift crew's verdicts. It runs in the
 * task that scores the run (each lumisection's levels come straight from the scorer; verdicts are keyed by
 * run on a topic with the lumisection topic's partitions), so one task holds a run's whole certification.
 * Its state is a changelogged store written in the same transaction as the flags: a restart or a rebalance
 * neither loses nor repeats a lumisection. A changed run's certification is published every emit interval, and at once
 * on a verdict or when the run closes.
 */
final class CertifyRuns implements Processor<byte[], byte[], byte[], byte[]> {
    /** The stream name of verdicts in metrics and dead letters. */
    static final String SOURCE = "verdict";
    private static final Logger log = LoggerFactory.getLogger(CertifyRuns.class);
    private static final MessageDecoder<LumisectionLevels> LEVELS =
            AvroRecords.decoder(LumisectionLevels.getClassSchema());
    private static final MessageDecoder<FlagVerdict> VERDICTS = AvroRecords.decoder(FlagVerdict.getClassSchema());
    private static final MessageDecoder<RunLedger> LEDGERS = AvroRecords.decoder(RunLedger.getClassSchema());

    private final LiveModel model;
    private final MonitorConfig.CertificationSettings settings;
    private final CertificationPolicy policy;
    private final String verdictTopic;
    private final int maxRecordBytes;
    private final CertificationMetrics metrics;
    private final DeadLetters deadLetters;
    private final String storeName;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;
    /** The store's runs, decoded: the store is written on every change, read only here. */
    private final Map<Integer, RunLedger> runs = new TreeMap<>();
    private final Set<Integer> changed = new LinkedHashSet<>();
    private boolean warnedBeyondLimit;

    CertifyRuns(LiveModel model, MonitorConfig config, MonitorMetrics metrics, String storeName) {
        this.model = model;
        this.settings = config.certification();
        this.policy = new CertificationPolicy(settings.warningIsGood(), settings.minConsecutiveBad());
        this.verdictTopic = config.topics().flagVerdicts();
        this.maxRecordBytes = config.maxRecordBytes();
        this.metrics = metrics.certification();
        this.deadLetters = new DeadLetters(SOURCE, verdictTopic, maxRecordBytes, metrics);
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // Init runs again on a task revived after a failure: the caches start from the store's committed state.
        runs.clear();
        changed.clear();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> {
                if (kv.key.endsWith("/")) {
                    RunLedger ledger = decodeOwn(LEDGERS, kv.value);
                    runs.put(ledger.getRun(), ledger);
                }
            });
        }
        metrics.subsystems(model.current().bundle().subsystems().subsystems());
        context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<RecordMetadata> origin = context.recordMetadata();
        // In a punctuation (a batch flushed on time) the metadata has no topic: those come from the scorer too.
        if (origin.isPresent() && verdictTopic.equals(origin.get().topic())) {
            verdict(BufferedRecord.of(record, origin.get()));
        } else {
            lumisection(record.value());
        }
    }

    /**
     * One lumisection's levels, from the scorer, stored as they came (one store entry per lumisection, so
     * the cost of a lumisection does not grow with the length of its run).
     */
    private void lumisection(byte[] encoded) {
        LumisectionLevels levels = decodeOwn(LEVELS, encoded);
        int run = levels.getRun();
        int ls = levels.getLumisection();
        if (ls > SubsystemLevels.MAX_LUMISECTION) {
            if (!warnedBeyondLimit) {
                log.warn("Run {} lumisection {} is beyond the {} a certification holds: not certified", run, ls,
                        SubsystemLevels.MAX_LUMISECTION);
                warnedBeyondLimit = true;
            }
            return;
        }
        long now = context.currentSystemTimeMs();
        RunLedger ledger = runs.get(run);
        if (ledger == null) {
            closeEarlierThan(run, now);
            ledger = RunCertifier.newRun(run, ls, levels.getTimestamp(), now);
            runs.put(run, ledger);
        }
        String key = lumisectionKey(run, ls);
        byte[] held = store.get(key);
        store.put(key, held == null ? encoded
                : AvroRecords.encode(RunCertifier.merge(decodeOwn(LEVELS, held), levels)));
        RunCertifier.seen(ledger, ls, levels.getTimestamp(), levels.getModelVersion(), now);
        save(ledger);
    }

    /** A later run starting on this partition closes the runs before it. */
    private void closeEarlierThan(int run, long now) {
        for (RunLedger earlier : runs.values()) {
            if (earlier.getOpen() && earlier.getRun() < run) {
                close(earlier, now);
            }
        }
    }

    private void close(RunLedger ledger, long now) {
        ledger.setOpen(false);
        ledger.setClosed(now);
        save(ledger);
        publish(ledger.getRun());
    }

    private void verdict(BufferedRecord r) {
        FlagVerdict verdict;
        try {
            InputLimits.requireSize(r.key(), r.value(), maxRecordBytes);
            verdict = AvroRecords.decode(VERDICTS, r.value(), maxRecordBytes);
            check(verdict);
        } catch (RecordRejectedException e) {
            deadLetters.send(context, r, e.reason(), e.getMessage());
            return;
        }
        RunLedger ledger = runs.get(verdict.getRun());
        ledger.getVerdicts().add(verdict);
        ledger.setLastChange(context.currentSystemTimeMs());
        save(ledger);
        int bad = 0;
        SubsystemLevels subsystem = levels(verdict.getRun()).getOrDefault(verdict.getSubsystem(),
                SubsystemLevels.empty());
        for (int ls = ledger.getFirstLumisection(); ls <= ledger.getLastLumisection(); ls++) {
            bad += RunCertifier.covers(verdict, ls) && subsystem.level(ls) == FlagLevel.BAD ? 1 : 0;
        }
        metrics.verdict(verdict.getSubsystem(), verdict.getVerdict(), bad);
        log.info("Verdict {} by {} on run {} {} lumisections {}-{}: {}", verdict.getVerdict(), verdict.getWho(),
                verdict.getRun(), verdict.getSubsystem(), verdict.getFirstLumisection(),
                verdict.getLastLumisection() == null ? "end" : verdict.getLastLumisection(), verdict.getComment());
        publish(verdict.getRun());
    }

    private void check(FlagVerdict v) throws RecordRejectedException {
        if (v.getFirstLumisection() < 1 || v.getLastLumisection() != null
                && v.getLastLumisection() < v.getFirstLumisection()) {
            throw new RecordRejectedException(RejectionReason.OUT_OF_RANGE, "verdict on an empty lumisection range "
                    + v.getFirstLumisection() + "-" + v.getLastLumisection() + " of run " + v.getRun());
        }
        if (v.getWho().isBlank()) {
            throw new RecordRejectedException(RejectionReason.OUT_OF_RANGE, "verdict without who decided it");
        }
        List<String> subsystems = model.current().bundle().subsystems().subsystems();
        if (!subsystems.contains(v.getSubsystem())) {
            throw new RecordRejectedException(RejectionReason.UNMATCHED_VERDICT, "verdict on subsystem '"
                    + v.getSubsystem() + "', which the monitor does not flag (it flags " + subsystems + ")");
        }
        if (!runs.containsKey(v.getRun())) {
            throw new RecordRejectedException(RejectionReason.UNMATCHED_VERDICT, "verdict on run " + v.getRun()
                    + ", which this monitor has not seen or has forgotten (certification.retention-hours after "
                    + "it closed; its last certification stays on the certification topic)");
        }
    }

    /** Publishes changed runs, closes idle ones, forgets old ones, and shows which subsystems are known off. */
    private void tick(long now) {
        for (RunLedger ledger : runs.values()) {
            if (ledger.getOpen() && now - ledger.getLastChange() >= settings.closeIdle().toMillis()) {
                close(ledger, now);
            }
        }
        new ArrayList<>(changed).forEach(this::publish);
        List<RunLedger> forgotten = runs.values().stream().filter(l -> !l.getOpen()
                && now - l.getClosed() >= settings.retention().toMillis()).toList();
        forgotten.forEach(this::forget);
        for (RunLedger ledger : runs.values()) {
            Set<String> known = RunCertifier.knownIssues(ledger);
            ledger.getVerdicts().stream().map(FlagVerdict::getSubsystem).distinct()
                    .forEach(s -> metrics.knownIssue(s, ledger.getRun(), known.contains(s)));
        }
    }

    private void publish(int run) {
        changed.remove(run);
        long now = context.currentSystemTimeMs();
        byte[] value = AvroRecords.encode(RunCertifier.certify(runs.get(run), levels(run), policy, now));
        context.forward(new Record<>(RunKeys.key(run), value, now), MonitorTopology.CERTIFICATION_SINK);
    }

    /** Each subsystem's levels over the run, from the run's lumisection entries. */
    private Map<String, SubsystemLevels> levels(int run) {
        Map<String, SubsystemLevels> bySubsystem = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> entries = store.prefixScan(runPrefix(run), new StringSerializer())) {
            entries.forEachRemaining(kv -> {
                if (!kv.key.endsWith("/")) {
                    RunCertifier.add(bySubsystem, decodeOwn(LEVELS, kv.value));
                }
            });
        }
        return bySubsystem;
    }

    private void forget(RunLedger ledger) {
        int run = ledger.getRun();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.prefixScan(runPrefix(run), new StringSerializer())) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
        ledger.getVerdicts().stream().map(FlagVerdict::getSubsystem).distinct()
                .forEach(s -> metrics.runForgotten(s, run));
        runs.remove(run);
    }

    private void save(RunLedger ledger) {
        store.put(runPrefix(ledger.getRun()), AvroRecords.encode(ledger));
        changed.add(ledger.getRun());
    }

    /** Zero-padded, so that a run's keys are one prefix and no other run's ("12/" is not a prefix of "123/"). */
    private static String runPrefix(int run) {
        return String.format("%010d/", run);
    }

    private static String lumisectionKey(int run, int lumisection) {
        return runPrefix(run) + String.format("%05d", lumisection);
    }

    /** Records the monitor wrote itself, in this process or before a restart: decoded without the input checks. */
    private static <T extends SpecificRecordBase> T decodeOwn(MessageDecoder<T> decoder, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("the monitor's own record does not decode: " + e.getMessage(), e);
        }
    }
}
