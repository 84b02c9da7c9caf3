package org.dqmstream.generator;

import static org.dqmstream.lumisection.FeatureGrammar.STATISTICS;
import static org.dqmstream.lumisection.FeatureGrammar.STREAMS;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.lumisection.FeatureGrammar;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.lumisection.FeatureName;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;

/**
 * Draws realistic lumisection records with ground truth. Every feature is a statistic of a particle
 * distribution whose location and width follow a per-run latent state (luminosity decaying through
 * the fill, pile-up, beam spot, per-channel calibration drifting run to run), with sampling noise that
 * shrinks with the number of events. So statistics of one distribution move together, distributions
 * move with luminosity, and a per-feature z-score is not already a perfect detector. Faults distort
 * specific distributions of specific channels.
 */
public final class LumisectionGenerator implements Iterator<GeneratedLumisection> {
    static final double LUMISECTION_SECONDS = 23.31;
    private static final double[] PERCENTILES = {0.01, 0.25, 0.50, 0.75, 0.99};
    /** How much wider sampling noise is for each statistic, in STATISTICS order. */
    private static final double[] STAT_NOISE = {3.0, 1.3, 1.25, 1.3, 3.0, 1.0, 0.7};
    /** Recorded events per second per 1e30 cm^-2 s^-1: prescaled streams, hundreds to thousands per lumisection. */
    private static final Map<String, Double> EVENTS_PER_LUMI = Map.of("minibias", 2.0, "muons", 0.8, "photons", 1.0);
    private static final Map<String, Double> PT_SCALE = Map.of("muons", 1.0, "photons", 0.8, "PF", 0.6, "calo", 0.7);
    private static final Map<String, Double> ETA_WIDTH = Map.of("muons", 1.1, "photons", 1.3, "PF", 1.7, "calo", 2.0);
    private static final Map<String, Double> MASS = Map.of("muons", 0.106, "photons", 0.01, "PF", 0.14, "calo", 0.5);
    private static final Map<String, Double> OCCUPANCY = Map.of("muons", 0.3, "photons", 0.5, "PF", 3.0, "calo", 2.0);

    private final FeatureLayout layout;
    private final GeneratorSettings settings;
    private final Random rng;

    private int runNumber = 146_240;
    private int runLength;
    private int lumisection;
    private long timestamp;
    private double peakLuminosity;
    private double lifetimeSeconds;
    private double beamX;
    private double beamY;
    private double beamZ;
    private final Map<String, Double> calibration = new HashMap<>();

    private Fault fault;
    private int faultRemaining;
    private double pileup;

    public LumisectionGenerator(FeatureLayout layout, GeneratorSettings settings) {
        this.layout = layout;
        this.settings = settings;
        this.rng = new Random(settings.seed());
        this.timestamp = settings.startMillis();
        startRun();
    }

    public List<GeneratedLumisection> take(int count) {
        List<GeneratedLumisection> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    /** The next {@code count} lumisections, certified per subsystem from their ground truth. */
    public LabelledLumisections takeLabelled(int count, Collection<String> subsystems) {
        return labelled(take(count), subsystems);
    }

    /** Generated lumisections of this generator's layout, certified per subsystem from their ground truth. */
    public LabelledLumisections labelled(List<GeneratedLumisection> generated, Collection<String> subsystems) {
        LabelledLumisections data = LabelledLumisections.ofBadSubsystems(layout,
                generated.stream().map(GeneratedLumisection::record).toList(),
                generated.stream().map(GeneratedLumisection::badSubsystems).toList(), subsystems);
        if (!data.rejected().isEmpty()) {
            throw new IllegalStateException("the generator produced records that fail the input checks: "
                    + data.rejected());
        }
        return data;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public GeneratedLumisection next() {
        if (lumisection >= runLength) {
            runNumber += 1 + rng.nextInt(12);
            timestamp += 600_000;
            startRun();
        }
        lumisection++;
        timestamp += (long) (LUMISECTION_SECONDS * 1000);
        advanceFault();

        double seconds = lumisection * LUMISECTION_SECONDS;
        double luminosity = peakLuminosity * Math.exp(-seconds / lifetimeSeconds) * (1 + 0.01 * rng.nextGaussian());
        pileup = luminosity / 40;

        Map<String, Double> events = new HashMap<>();
        List<StreamConditions> conditions = new ArrayList<>();
        for (String stream : STREAMS) {
            double n = EVENTS_PER_LUMI.get(stream) * luminosity * LUMISECTION_SECONDS
                    * (1 + 0.01 * rng.nextGaussian()) * eventRateFactor(stream);
            events.put(stream, n);
            conditions.add(new StreamConditions(stream, (float) (recordedLuminosityFactor() * luminosity
                    * (1 + 0.002 * rng.nextGaussian())), Math.round(n)));
        }

        float[] values = features(events);
        LumisectionFeatures record = new LumisectionFeatures(runNumber, lumisection, Instant.ofEpochMilli(timestamp), conditions,
                layout.id(), values.length, PackedFloats.pack(values));
        return new GeneratedLumisection(record, fault);
    }

    private void startRun() {
        runLength = settings.minRunLength() + rng.nextInt(settings.maxRunLength() - settings.minRunLength() + 1);
        lumisection = 0;
        peakLuminosity = 30 + 170 * rng.nextDouble();
        lifetimeSeconds = 3600 * (8 + 12 * rng.nextDouble());
        beamX = 0.05 + 0.02 * rng.nextGaussian();
        beamY = 0.02 * rng.nextGaussian();
        beamZ = rng.nextGaussian();
        // In the grammar's order: Map.of iterates in an order that changes from JVM to JVM, which made a
        // seeded generator give other lumisections on every start.
        for (String channel : FeatureGrammar.CHANNELS) {
            calibration.put(channel, 1 + 0.015 * rng.nextGaussian());
        }
        fault = null;
        faultRemaining = 0;
    }

    private void advanceFault() {
        if (faultRemaining > 0) {
            faultRemaining--;
        }
        if (faultRemaining == 0) {
            fault = null;
            double startProbability = settings.faultFraction()
                    / (settings.meanFaultLength() * (1 - settings.faultFraction()));
            if (rng.nextDouble() < startProbability) {
                fault = drawFault();
                faultRemaining = 1 + (int) Math.floor(Math.log(1 - rng.nextDouble())
                        / Math.log(1 - 1 / (settings.meanFaultLength() + 1e-9)));
            }
        }
    }

    private Fault drawFault() {
        FaultKind kind = FaultKind.values()[rng.nextInt(FaultKind.values().length)];
        double intensity = settings.minIntensity() + (1 - settings.minIntensity()) * rng.nextDouble();
        String stream = kind == FaultKind.TRIGGER_MISCONFIGURATION ? STREAMS.get(rng.nextInt(STREAMS.size())) : null;
        Set<String> bad = new LinkedHashSet<>(kind.subsystems());
        if (stream != null) {
            bad.add(stream.equals("muons") ? "L1tmu" : "L1tcalo");
        }
        return new Fault(kind, intensity, stream, rng.nextBoolean() ? 1 : -1, 2 * Math.PI * rng.nextDouble(),
                Set.copyOf(bad));
    }

    private boolean faultIs(FaultKind kind) {
        return fault != null && fault.kind() == kind;
    }

    private double intensity() {
        return fault == null ? 0 : fault.intensity();
    }

    private double eventRateFactor(String stream) {
        double f = 1;
        if (faultIs(FaultKind.TRIGGER_MISCONFIGURATION) && stream.equals(fault.stream())) {
            f *= 1 + fault.sign() * 0.4 * intensity();
        }
        return f;
    }

    private double recordedLuminosityFactor() {
        return faultIs(FaultKind.LUMI_MISMEASUREMENT) ? 1 + fault.sign() * (0.05 + 0.3 * intensity()) : 1;
    }

    private float[] features(Map<String, Double> events) {
        float[] values = new float[layout.size()];
        Map<String, double[]> statisticsByDistribution = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            FeatureName f = layout.features().get(i);
            values[i] = (float) switch (f.kind()) {
                case EVENT_COUNT -> count(f, events.get(f.stream()));
                case PARTICLE_STATISTIC, MOMENTUM_STATISTIC -> {
                    String key = f.stream() + f.channel() + f.quantity() + f.quantile();
                    double[] stats = statisticsByDistribution.computeIfAbsent(key, k -> statistics(
                            shape(f), events.get(f.stream()) * OCCUPANCY.get(f.channel()) / 5));
                    yield stats[STATISTICS.indexOf(f.statistic())];
                }
            };
        }
        return values;
    }

    private double count(FeatureName f, double events) {
        return f.quantity().equals("nEvents") ? Math.round(events)
                : Math.round(events * (0.98 - 0.01 * pileup) * (1 + 0.002 * rng.nextGaussian()));
    }

    /** Statistics in STATISTICS order, with sampling noise shared by all of them and noise of their own. */
    private double[] statistics(Shape shape, double effectiveEvents) {
        double spread = shape.std() / Math.sqrt(Math.max(50, effectiveEvents));
        double common = rng.nextGaussian();
        double[] out = new double[STATISTICS.size()];
        for (int i = 0; i < PERCENTILES.length; i++) {
            out[i] = shape.quantile(PERCENTILES[i]) + spread * (common + STAT_NOISE[i] * rng.nextGaussian());
        }
        out[5] = shape.mean() + spread * (common + STAT_NOISE[5] * rng.nextGaussian());
        out[6] = shape.std() + spread * STAT_NOISE[6] * rng.nextGaussian();
        return out;
    }

    private Shape shape(FeatureName f) {
        String channel = f.channel();
        int k = f.quantile() == null ? 3 : f.quantile().charAt(1) - '0';
        double i = intensity();
        return switch (f.quantity()) {
            case "pt" -> {
                double sigma = 0.30 + 0.03 * k + (hadronic(channel) ? 0.02 * pileup : 0);
                if (faultIs(FaultKind.RPC_NOISE) && channel.equals("muons")) sigma *= 1 + 0.3 * i;
                if (faultIs(FaultKind.TRACKER_INEFFICIENCY)) sigma += channel.equals("PF") ? 0.2 * i
                        : channel.equals("muons") ? 0.07 * i : 0;
                if (faultIs(FaultKind.NOISY_PHOTONS) && channel.equals("photons")) sigma *= 1 + 0.5 * i;
                yield new Shape.LogNormal(Math.log(momentumScale(f.stream(), channel) * (1.5 + 2.2 * k)), sigma);
            }
            case "Px", "Py" -> new Shape.Normal(0, 4 * momentumScale(f.stream(), channel));
            case "Pz" -> new Shape.Normal(0.01 * beamZ, 12 * momentumScale(f.stream(), channel));
            case "eta" -> eta(channel, k, i);
            case "phi" -> phi(channel, i);
            case "fX", "fY" -> new Shape.Normal((f.quantity().equals("fX") ? beamX : beamY) + 0.001 * k,
                    (0.015 + 0.002 * pileup) * (faultIs(FaultKind.TRACKER_INEFFICIENCY) ? 1 + i : 1));
            case "fZ" -> new Shape.Normal(beamZ, (4.0 + 0.3 * pileup)
                    * (faultIs(FaultKind.TRACKER_INEFFICIENCY) ? 1 + 0.4 * i : 1)
                    * (faultIs(FaultKind.RPC_NOISE) && channel.equals("muons") ? 1 + 0.5 * i : 1));
            case "mass" -> new Shape.LogNormal(Math.log(MASS.get(channel) * (1 + 0.1 * k)), 0.25);
            default -> throw new IllegalStateException("no physics for quantity " + f.quantity());
        };
    }

    /** Momentum scale of a stream seen in a channel: calibration, pile-up and faults that shift energies. */
    private double momentumScale(String stream, String channel) {
        double scale = PT_SCALE.get(channel) * calibration.get(channel)
                * (stream.equals(channel) ? 1.8 : 1.0)
                * (hadronic(channel) ? 1 + 0.015 * pileup : 1);
        double i = intensity();
        if (faultIs(FaultKind.DEAD_CALO_REGION) && channel.equals("calo")) scale *= 1 - 0.15 * i;
        if (faultIs(FaultKind.NOISY_PHOTONS) && channel.equals("photons")) scale *= 1 - 0.1 * i;
        if (faultIs(FaultKind.JET_ENERGY_SCALE) && hadronic(channel)) scale *= 1 + fault.sign() * (0.08 + 0.15 * i);
        if (faultIs(FaultKind.TRIGGER_MISCONFIGURATION) && stream.equals(fault.stream())) {
            // A looser trigger lets softer events in; a tighter one keeps only harder ones.
            scale *= 1 - fault.sign() * 0.08 * i;
        }
        return scale;
    }

    private Shape eta(String channel, int k, double i) {
        double width = ETA_WIDTH.get(channel) * (1 - 0.04 * k) + 0.03 * pileup;
        if (faultIs(FaultKind.NOISY_PHOTONS) && channel.equals("photons")) width *= 1 + 0.15 * i;
        Shape eta = new Shape.Normal(0.01 * beamZ, width);
        if (channel.equals("muons") && faultIs(FaultKind.MUON_BARREL_OFF)) {
            double hole = 0.15 + 0.65 * i;
            return eta.restrictedTo(v -> Math.abs(v) >= hole);
        }
        if (channel.equals("muons") && faultIs(FaultKind.MUON_ENDCAP_OFF)) {
            double edge = 2.4 - 1.2 * i;
            return eta.restrictedTo(v -> Math.abs(v) <= edge);
        }
        if (channel.equals("PF") && faultIs(FaultKind.TRACKER_INEFFICIENCY)) {
            double edge = 2.5 - 1.0 * i;
            return eta.restrictedTo(v -> Math.abs(v) <= edge);
        }
        return eta;
    }

    private Shape phi(String channel, double i) {
        Shape phi = new Shape.Uniform(-Math.PI, Math.PI);
        boolean calo = channel.equals("calo");
        if (faultIs(FaultKind.DEAD_CALO_REGION) && (calo || channel.equals("photons"))) {
            double width = 2 * Math.PI * (0.05 + 0.2 * i) * (calo ? 1 : 0.5);
            double start = fault.position();
            return phi.restrictedTo(v -> {
                double offset = ((v + Math.PI - start) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI);
                return offset > width;
            });
        }
        return phi;
    }

    private static boolean hadronic(String channel) {
        return channel.equals("PF") || channel.equals("calo");
    }

    /**
     * The same features as another run and lumisection: cheap unique records for load tests (the
     * monitor dead-letters a lumisection it has already scored). Shares the original's buffers.
     */
    public static LumisectionFeatures renumbered(LumisectionFeatures r, int run, int lumisection) {
        return new LumisectionFeatures(run, lumisection, r.getTimestamp(), r.getStreams(), r.getLayoutId(),
                r.getFeatureCount(), r.getFeatures().duplicate());
    }
}
