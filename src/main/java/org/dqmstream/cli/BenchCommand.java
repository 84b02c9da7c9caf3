package org.dqmstream.cli;

import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.dqmstream.bench.BatchTiming;
import org.dqmstream.bench.MatmulCeiling;
import org.dqmstream.bench.ModelFlops;
import org.dqmstream.bench.StreamBench;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.ImageLumisectionGenerator;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.NovaEvent;
import org.dqmstream.image.NovaEventGenerator;
import org.dqmstream.image.NumuIdentifier;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.scoring.LumisectionScorer;
import org.dqmstream.scoring.ScoredLumisection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the monitor on this machine in one run: the FP32 matrix-multiply ceiling and each "
                + "model's FLOPs per record; the lumisection scorer and the NOvA CNN alone per batch size; on a broker "
                + "(embedded unless --bootstrap-servers), the pass-through topology's rate against the full "
                + "monitor's for the same lumisection bytes (and image bytes with --images) and against a topology "
                + "that only writes the monitor's outputs, pre-encoded, for each input; the record-to-score "
                + "delay at a live-like rate, and throughput and delay per batch size. Prints a Markdown report and "
                + "writes it to --out.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "An existing cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(names = "--records", defaultValue = "60000", description = "Lumisections per backfill run (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--warmup-records", defaultValue = "150000",
            description = "Lumisections of an unmeasured backfill run first, so the JIT has compiled the code "
                    + "(default: ${DEFAULT-VALUE}; 0: none).")
    int warmupRecords;

    @Option(names = "--images", paramLabel = "SOURCE",
            description = "Also measure this image source (its bundle from images.<source>.model-dir).")
    String imageSource;

    @Option(names = "--image-records", defaultValue = "4000", description = "Event images per run (default: ${DEFAULT-VALUE}).")
    int imageRecords;

    @Option(names = "--live-rate", defaultValue = "20", description = "Lumisections per second of the live run (default: ${DEFAULT-VALUE}).")
    double liveRate;

    @Option(names = "--live-seconds", defaultValue = "30", description = "Length of the live run (default: ${DEFAULT-VALUE}).")
    int liveSeconds;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,16,64,256,1024",
            description = "batch.max-records values of the batch-size curve (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--curve-records", defaultValue = "8000", description = "Lumisections per curve point (default: ${DEFAULT-VALUE}).")
    int curveRecords;

    @Option(names = "--curve-rate", defaultValue = "300",
            description = "Lumisections per second at which each curve point's delay is measured (default: ${DEFAULT-VALUE}).")
    double curveRate;

    @Option(names = "--curve-seconds", defaultValue = "10", description = "Length of each curve point's delay run (default: ${DEFAULT-VALUE}).")
    int curveSeconds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/bench", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrapServers != null) {
            overrides.put("kafka.bootstrap.servers", bootstrapServers);
        }
        MonitorConfig cfg = config.load(overrides);
        ModelBundle bundle = RunCommand.loadOrTrain(cfg, cfg.kafka().embedded());
        Report report = new Report();
        report.line("# dqm-stream bench, " + Instant.now());
        report.line("");
        report.line(String.format(Locale.ROOT, "Machine: %d cores, %s %s, ND4J backend %s, OMP_NUM_THREADS=%s, "
                        + "max heap %d MiB.", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Nd4j.getBackend().getClass().getSimpleName(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"), Runtime.getRuntime().maxMemory() >> 20));

        int configuredThreads = Nd4j.factory().blas().getMaxThreads();
        MatmulCeiling.Result asRun = MatmulCeiling.measure(2048, 5, configuredThreads);
        MatmulCeiling.Result ceiling = MatmulCeiling.measure(2048, 5, Runtime.getRuntime().availableProcessors());
        double lumisectionFlops = ModelFlops.perRecord(bundle);
        report.line("");
        report.line(String.format(Locale.ROOT, "FP32 ceiling (ND4J mmul %dx%d, %d BLAS threads, all cores): %.1f GFLOP/s; "
                        + "with the %d thread(s) the monitor runs with: %.1f GFLOP/s. Fractions below are of the "
                        + "all-cores ceiling.", ceiling.size(), ceiling.size(), ceiling.threads(), ceiling.gflops(),
                asRun.threads(), asRun.gflops()));
        report.line(String.format(Locale.ROOT, "Lumisection autoencoders (%d channel groups): %.2f MFLOP per record; "
                + "at the ceiling %.0f records/s.", bundle.groups().size(), lumisectionFlops / 1e6,
                ceiling.gflops() * 1e9 / lumisectionFlops));

        IntFunction<byte[]> lumisections = lumisectionValues(cfg);
        double lumisectionBytes = lumisections.apply(0).length;
        scoringOutsideTheStream(bundle, cfg, lumisections, lumisectionFlops, ceiling, report);
        EmbeddedKafkaBroker broker = cfg.kafka().embedded() ? EmbeddedKafkaBroker.start() : null;
        try {
            StreamBench bench = new StreamBench(cfg, broker != null ? broker.bootstrapServers()
                    : cfg.kafka().bootstrapServers());
            if (warmupRecords > 0) {
                // The JIT compiles Kafka's and the monitor's code for the first minutes (C2 had a third of the
                // process's CPU in a first backfill, and the work per record kept falling up to 150,000
                // lumisections): a backfill of a data-taking period runs for hours, past that.
                backfill(bench, cfg, bundle, bench.fill("warm-up", lumisections, BenchCommand::lumisectionKey, warmupRecords), warmupRecords,
                        lumisections, lumisectionBytes);
            }
            Backfill backfill = backfill(bench, cfg, bundle, bench.fill("lumisections", lumisections, BenchCommand::lumisectionKey,
                    records), records,
                    lumisections, lumisectionBytes);
            report.line("");
            report.line("## Backfill rates (steady state, exactly-once)");
            report.line("");
            report.line("| stream | records/s | MB/s | of pass-through | CPU per record (all threads) | cores busy "
                    + "| model FLOP rate | of ceiling | mean batch | time in scoring |");
            report.line("|---|---|---|---|---|---|---|---|---|---|");
            StreamBench.Rate pass = backfill.passThrough();
            report.rate("lumisections, pass-through", pass, pass, 0, ceiling);
            report.rate("lumisections, the monitor's outputs only (1 score and " + bundle.subsystems().subsystems().size()
                    + " flags, pre-encoded)", backfill.outputsOnly(), pass, 0, ceiling);
            report.rate("lumisections, monitor", backfill.monitor(), pass, lumisectionFlops, ceiling);
            if (imageSource != null) {
                measureImages(cfg, bundle, bench, report, ceiling);
            }

            StreamBench.Delay live = bench.liveDelay(Map.of(), bundle, lumisections, liveRate, liveSeconds);
            report.line("");
            report.line(String.format(Locale.ROOT, "## Live delay%n%nAt %.0f lumisections/s for %d s (default batch "
                            + "settings: %d records or %d ms), from the record's timestamp to its score being readable "
                            + "with read_committed: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d records.", liveRate,
                    liveSeconds, cfg.batch().maxRecords(), cfg.batch().maxWait().toMillis(), live.p50(), live.p99(),
                    live.max(), live.outputs()));

            report.line("");
            report.line(String.format(Locale.ROOT, "## Batch size%n%nBackfill rate on %d lumisections, and delay at "
                    + "%.0f lumisections/s for %d s, per batch.max-records (batch.max-wait-ms %d):%n", curveRecords,
                    curveRate, curveSeconds, cfg.batch().maxWait().toMillis()));
            report.line("| batch.max-records | records/s | of ceiling | delay p50 ms | delay p99 ms |");
            report.line("|---|---|---|---|---|");
            String curveInput = bench.fill("curve", lumisections, BenchCommand::lumisectionKey, curveRecords);
            for (int size : batchSizes) {
                Map<String, String> batch = Map.of("batch.max-records", Integer.toString(size));
                Map<String, String> withInput = new HashMap<>(batch);
                withInput.put("topics.lumisections", curveInput);
                StreamBench.Rate r = bench.monitor(withInput, bundle, curveInput, curveRecords, lumisectionBytes);
                StreamBench.Delay d = bench.liveDelay(batch, bundle, lumisections, curveRate, curveSeconds);
                report.line(String.format(Locale.ROOT, "| %d | %.0f | %.1f%% | %.0f | %.0f |", size, r.perSecond(),
                        100 * r.perSecond() * lumisectionFlops / (ceiling.gflops() * 1e9), d.p50(), d.p99()));
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("bench.md"), report.text());
        System.out.println("Report written to " + out.resolve("bench.md"));
        return 0;
    }

    /** One backfill of the same lumisection bytes by the pass-through, by the outputs alone, and by the monitor. */
    private record Backfill(StreamBench.Rate passThrough, StreamBench.Rate outputsOnly, StreamBench.Rate monitor) {
    }

    private static Backfill backfill(StreamBench bench, MonitorConfig cfg, ModelBundle bundle, String input, int count,
                                     IntFunction<byte[]> lumisections, double bytes) throws Exception {
        StreamBench.Rate pass = bench.passThrough(input, count, bytes);
        ScoredLumisection sample = new LumisectionScorer(bundle).score(List.of(
                LumisectionDecoder.of(bundle.layout(), cfg.input().limits())
                        .decode(lumisections.apply(0)))).get(0);
        SubsystemFlagger flagger = new SubsystemFlagger(bundle, cfg.topFeatures());
        StreamBench.Rate outputsOnly = bench.outputsOnly(input, count, bytes,
                AvroRecords.encode(flagger.scoreRecord(sample)),
                flagger.flags(sample).stream().map(AvroRecords::encode).toList());
        StreamBench.Rate monitor = bench.monitor(Map.of("topics.lumisections", input), bundle, input, count, bytes);
        return new Backfill(pass, outputsOnly, monitor);
    }

    /**
     * The autoencoders and the NOvA CNN alone at each batch size, right after the ceiling: the fractions
     * least disturbed by the box's noise.
     */
    private void scoringOutsideTheStream(ModelBundle bundle, MonitorConfig cfg, IntFunction<byte[]> values,
                                         double flopsPerRecord, MatmulCeiling.Result ceiling, Report report)
            throws RecordRejectedException {
        LumisectionDecoder decoder = LumisectionDecoder.of(bundle.layout(), cfg.input().limits());
        LumisectionScorer scorer = new LumisectionScorer(bundle);
        report.line("");
        report.line("## Scoring outside the stream");
        report.line("");
        report.line("The lumisection scorer alone (inputs, standardization, the autoencoders, errors and scores), "
                + "and the NOvA numu-CC CNN alone (the seed's architecture, initial weights: the arithmetic is the "
                + "same), median time per call:");
        report.line("");
        report.line("| model | batch | time per batch | per record | model FLOP rate | of ceiling |");
        report.line("|---|---|---|---|---|---|");
        for (int size : List.of(1, 32, 256, 1024)) {
            List<ValidLumisection> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(decoder.decode(values.apply(i)));
            }
            report.timing("lumisection autoencoders", size, () -> scorer.score(batch), flopsPerRecord, ceiling);
        }
        NumuIdentifier cnn = NumuIdentifier.untrained(1);
        double cnnFlops = ModelFlops.perRecord(cnn.network(), Nd4j.zeros(DataType.FLOAT, 1, NovaEvent.VIEWS,
                NovaEvent.PLANES, NovaEvent.CELLS));
        for (int size : List.of(1, 32, 256)) {
            float[][] events = new NovaEventGenerator(3).take(size).stream().map(NovaEvent::charges)
                    .toArray(float[][]::new);
            report.timing("NOvA CNN", size, () -> cnn.probabilities(events), cnnFlops, ceiling);
        }
    }

    private void measureImages(MonitorConfig cfg, ModelBundle bundle, StreamBench bench, Report report,
                               MatmulCeiling.Result ceiling) throws Exception {
        ImageSource source = ImageSource.ofId(imageSource);
        MonitorConfig.ImageSourceConfig sourceConfig = cfg.with(Map.of("images.sources", imageSource)).images()
                .sources().get(imageSource);
        ImageSourceBundle images = ImageSourceBundle.load(sourceConfig.modelDir(), source);
        IntFunction<byte[]> values = imageValues(cfg, source);
        double bytes = IntStream.range(0, 300).map(i -> values.apply(i).length).average().orElse(0);
        double flops = ModelFlops.perImage(images);
        // Keyed per image lumisection, spreading the events over partitions.
        String input = bench.fill("images", values, i -> Integer.toString(i / 100).getBytes(StandardCharsets.UTF_8),
                imageRecords);
        StreamBench.Rate pass = bench.passThrough(input, imageRecords, bytes);
        StreamBench.Rate full = bench.monitor(Map.of("images.sources", imageSource, "topics.images", input),
                bundle, input, imageRecords, bytes);
        report.rate(imageSource + " images, pass-through", pass, pass, 0, ceiling);
        report.rate(imageSource + " images, monitor" + (images.classifier() == null ? " (fault checks only)" : ""), full,
                pass, flops, ceiling);
    }

    /**
     * Event i: one of 300 generated ones, numbered as event i of lumisection i / 100 + 1 of run 1. Each
     * lumisection is judged once, and the fill keeps a lumisection's 100 events on one partition, so no
     * event arrives after its lumisection was judged (such an event would be dead-lettered as late, not
     * classified).
     */
    private static IntFunction<byte[]> imageValues(MonitorConfig cfg, ImageSource source) {
        ImageLumisectionGenerator generator = new ImageLumisectionGenerator(new ImageLumisectionGenerator.Settings(
                source, cfg.generator().imageEventsPerLumisection(), 1000, 0, cfg.generator().seed()));
        List<EventImage> events = new ArrayList<>();
        while (events.size() < 300) {
            events.addAll(generator.next(Instant.now()));
        }
        return i -> {
            EventImage e = events.get(i % events.size());
            return AvroRecords.encode(new EventImage(1, i / 100 + 1, (long) i, e.getTimestamp(), e.getSource(),
                    e.getViews(), e.getHeight(), e.getWidth(), e.getEncoding(), e.getPixels().duplicate(),
                    e.getMetadata()));
        };
    }

    /** Lumisection i's run: runs of 1000 lumisections from 1,000,000. */
    private static int runOf(int i) {
        return 1_000_000 + i / 1000;
    }

    /** Keyed by run, as the project's producers key them (a record keyed otherwise takes the by-run topic). */
    private static byte[] lumisectionKey(int i) {
        return Integer.toString(runOf(i)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Lumisection i: one of 400 generated ones, renumbered to run {@link #runOf} and lumisection
     * i % 1000 + 1, since the monitor scores each lumisection once and would dead-letter repeats.
     */
    private static IntFunction<byte[]> lumisectionValues(MonitorConfig cfg) {
        LumisectionGenerator generator = new LumisectionGenerator(FeatureLayout.standard(),
                GeneratorSettings.defaults(cfg.generator().seed()).withFaultFraction(cfg.generator().faultFraction()));
        List<LumisectionFeatures> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(generator.next().record());
        }
        return i -> AvroRecords.encode(LumisectionGenerator.renumbered(records.get(i % records.size()),
                runOf(i), i % 1000 + 1));
    }

    /** The Markdown report, printed as it grows. */
    private static final class Report {
        private final StringBuilder text = new StringBuilder();

        void line(String s) {
            System.out.println(s);
            text.append(s).append('\n');
        }

        void rate(String name, StreamBench.Rate r, StreamBench.Rate passThrough, double flopsPerRecord,
                  MatmulCeiling.Result ceiling) {
            double flopRate = r.perSecond() * flopsPerRecord;
            line(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.0f%% | %.0f us | %.2f | %s | %s | %s | %s |", name,
                    r.perSecond(), r.megabytesPerSecond(), 100 * r.perSecond() / passThrough.perSecond(),
                    r.cpuMicrosPerRecord(), r.coresBusy(),
                    flopsPerRecord == 0 ? "-" : String.format(Locale.ROOT, "%.1f GFLOP/s", flopRate / 1e9),
                    flopsPerRecord == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * flopRate / (ceiling.gflops() * 1e9)),
                    r.meanBatch() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.meanBatch()),
                    r.scoringSeconds() == 0 ? "-" : String.format(Locale.ROOT, "%.1f s of %.1f s", r.scoringSeconds(),
                            r.seconds())));
        }

        void timing(String model, int size, Runnable scoreOneBatch, double flopsPerRecord,
                    MatmulCeiling.Result ceiling) {
            BatchTiming t = BatchTiming.measure(size, scoreOneBatch, Duration.ofSeconds(2), Duration.ofSeconds(3));
            double flopRate = t.recordsPerSecond() * flopsPerRecord;
            line(String.format(Locale.ROOT, "| %s | %d | %.2f ms | %.1f us | %.1f GFLOP/s | %.1f%% |", model, size,
                    t.secondsPerBatch() * 1e3, t.secondsPerBatch() / size * 1e6, flopRate / 1e9,
                    100 * flopRate / (ceiling.gflops() * 1e9)));
        }

        String text() {
            return text.toString();
        }
    }
}
