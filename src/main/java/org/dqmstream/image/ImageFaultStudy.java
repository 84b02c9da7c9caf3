package org.dqmstream.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.dqmstream.records.FlagLevel;

/**
 * Trains a source's fault autoencoder on healthy events grouped into lumisections, and measures it on
 * held-out events with each generator fault injected at random places: how often each fault is flagged,
 * flagged BAD, and named by its own signature, and how often healthy lumisections are flagged.
 */
public final class ImageFaultStudy {
    /** @param perLumisection events per lumisection; the stream's lumisections should not have fewer */
    public record Settings(int lumisections, int perLumisection, int epochs, long seed) {
    }

    /** @param fault null for healthy lumisections */
    public record Row(ImageFault fault, int lumisections, double flagged, double bad, double signatureNamed) {
        public String name() {
            return fault == null ? "none" : fault.signature();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-10s %6d %8.3f %6.3f %10.3f", name(), lumisections, flagged, bad,
                    signatureNamed);
        }
    }

    private ImageFaultStudy() {
    }

    /**
     * Draws {@code lumisections} healthy lumisections of fresh events, 70% to train on and 30% to
     * calibrate the thresholds. Lumisections must not share events: ones resampled from a small pool
     * look more alike than new ones, and thresholds come out wrong.
     */
    public static ImageAutoencoder train(Supplier<float[]> healthy, ImageSource source, Settings s,
                                         ProgressBarBuilder progress) {
        int trainingLumisections = (int) Math.round(s.lumisections() * 0.7);
        return ImageAutoencoder.train(lumisections(healthy, trainingLumisections, s.perLumisection(), null, source),
                lumisections(healthy, s.lumisections() - trainingLumisections, s.perLumisection(), null, source),
                source.shape(), new ImageAutoencoder.Settings(source.fullScale(), s.epochs(), 3e-3, 0.05, 0.01, s.seed()),
                progress);
    }

    /** Events of a finite set, shuffled, then again in a new order each time they run out. */
    public static Supplier<float[]> cycling(List<float[]> events, long seed) {
        Random rng = new Random(seed);
        List<float[]> order = new ArrayList<>(events);
        int[] next = {order.size()};
        return () -> {
            if (next[0] == order.size()) {
                Collections.shuffle(order, rng);
                next[0] = 0;
            }
            return order.get(next[0]++);
        };
    }

    private static List<double[]> lumisections(Supplier<float[]> events, int count, int perLumisection,
                                               Supplier<ImageFault.Injection> fault, ImageSource source) {
        List<double[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ImageFault.Injection injection = fault == null ? null : fault.get();
            double[] sums = new double[ImageProjections.length(source.shape())];
            for (int k = 0; k < perLumisection; k++) {
                float[] e = events.get().clone();
                if (injection != null) {
                    injection.apply(e, source.shape(), source.fullScale());
                }
                ImageProjections.add(e, source.shape(), sums);
            }
            for (int j = 0; j < sums.length; j++) {
                sums[j] /= perLumisection;
            }
            out.add(sums);
        }
        return out;
    }

    /** Healthy lumisections, then {@code lumisections} per fault kind, each of held-out events. */
    public static List<Row> evaluate(ImageAutoencoder autoencoder, Supplier<float[]> heldOut, ImageSource source,
                                     int lumisections, int perLumisection, long seed) {
        Random rng = new Random(seed);
        List<Row> rows = new ArrayList<>();
        List<ImageFault> kinds = new ArrayList<>();
        kinds.add(null);
        kinds.addAll(List.of(ImageFault.values()));
        for (ImageFault kind : kinds) {
            List<ImageAutoencoder.Assessment> verdicts = autoencoder.assess(lumisections(heldOut, lumisections,
                    perLumisection, kind == null ? null : () -> kind.at(source.shape(), rng), source));
            double flagged = verdicts.stream().filter(v -> v.level() != FlagLevel.GOOD).count() / (double) lumisections;
            double bad = verdicts.stream().filter(v -> v.level() == FlagLevel.BAD).count() / (double) lumisections;
            double named = kind == null ? Double.NaN : verdicts.stream()
                    .filter(v -> v.level() != FlagLevel.GOOD && v.signature().fault() == kind).count() / (double) lumisections;
            rows.add(new Row(kind, lumisections, flagged, bad, named));
        }
        return rows;
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-10s %6s %8s %6s %10s", "fault", "LS", "flagged", "BAD", "signature");
    }
}
