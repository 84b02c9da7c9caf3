package org.dqmstream.ingest;

import org.dqmstream.config.MonitorConfig;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.EventImageDecoder;
import org.dqmstream.image.ImageLimits;
import org.dqmstream.image.ImageLumisectionGenerator;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ValidEventImage;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.LumisectionFeatures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Avro single-object encoding and validating decoding of one lumisection record and one NOvA event image. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    LumisectionFeatures lumisection;
    byte[] lumisectionBytes;
    LumisectionDecoder lumisectionDecoder;
    EventImage image;
    byte[] imageBytes;
    EventImageDecoder imageDecoder;

    @Setup
    public void setUp() {
        FeatureLayout layout = FeatureLayout.standard();
        lumisection = new LumisectionGenerator(layout, GeneratorSettings.defaults(1)).next().record();
        lumisectionBytes = AvroRecords.encode(lumisection);
        lumisectionDecoder = LumisectionDecoder.of(layout, MonitorConfig.defaults().input().limits());
        image = new ImageLumisectionGenerator(new ImageLumisectionGenerator.Settings(ImageSource.NOVA, 1, 10, 0, 1))
                .next(Instant.parse("2026-11-23T00:00:00Z")).get(0);
        imageBytes = AvroRecords.encode(image);
        imageDecoder = new EventImageDecoder(ImageLimits.covering(List.of(ImageSource.NOVA.shape())), 1 << 20);
    }

    @Benchmark
    public byte[] encodeLumisection() {
        return AvroRecords.encode(lumisection);
    }

    @Benchmark
    public ValidLumisection decodeLumisection() throws RecordRejectedException {
        return lumisectionDecoder.decode(lumisectionBytes);
    }

    @Benchmark
    public byte[] encodeImage() {
        image.getPixels().rewind();
        return AvroRecords.encode(image);
    }

    @Benchmark
    public ValidEventImage decodeImage() throws RecordRejectedException {
        return imageDecoder.decode(imageBytes);
    }
}
