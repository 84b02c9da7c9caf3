package org.dqmstream.scoring;

import org.dqmstream.config.MonitorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dqmstream.TestModels;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.model.ModelBundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch of lumisections through the 13 channel-group autoencoders (standardization, one network
 * call per group, squared errors, scores): time per batch; divide by the batch for time per record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LumisectionScorerBenchmark {
    @Param({"1", "32", "256", "1024"})
    int batch;

    LumisectionScorer scorer;
    List<ValidLumisection> lumisections;

    @Setup
    public void setUp() throws RecordRejectedException {
        ModelBundle bundle = TestModels.bundle();
        scorer = new LumisectionScorer(bundle);
        LumisectionGenerator generator = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(2));
        LumisectionDecoder decoder = LumisectionDecoder.of(bundle.layout(), MonitorConfig.defaults().input().limits());
        lumisections = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            lumisections.add(decoder.decode(AvroRecords.encode(generator.next().record())));
        }
    }

    @Benchmark
    public List<ScoredLumisection> scoreBatch() {
        return scorer.score(lumisections);
    }
}
