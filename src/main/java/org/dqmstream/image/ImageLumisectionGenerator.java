package org.dqmstream.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.dqmstream.records.EventImage;

/**
 * Lumisections of event images from one source, as a detector would publish them, some spoilt with
 * ground truth: a detector fault ({@link ImageFault}) on every event of the lumisection, or, for sources
 * with classes, a shifted class mix. The truth rides in each record's metadata ({@code injected}), next
 * to the event's own simulation truth.
 */
public final class ImageLumisectionGenerator {
    /** Metadata key of what was injected into the event's lumisection ("none" for a healthy one). */
    public static final String INJECTED = "injected";

    /**
     * @param faultFraction share of lumisections spoilt, evenly among the detector faults and (where the
     *                      source has classes) a class-mix shift
     */
    public record Settings(ImageSource source, int eventsPerLumisection, int lumisectionsPerRun, double faultFraction,
                           long seed) {
        public Settings {
            if (eventsPerLumisection < 1 || lumisectionsPerRun < 1 || faultFraction < 0 || faultFraction > 1) {
                throw new IllegalArgumentException("need events and lumisections >= 1 and a fault fraction in [0, 1]");
            }
        }
    }

    /** One generated event's pixels and its own simulation truth. */
    private final Settings settings;
    private final Random rng;
    private final ParticleImageGenerator particles;
    private final NovaEventGenerator nova;
    private final ObjectImageGenerator objects;
    private int run = 1;
    private int lumisection;

    public ImageLumisectionGenerator(Settings settings) {
        this.settings = settings;
        this.rng = new Random(settings.seed());
        this.particles = new ParticleImageGenerator(settings.seed(), Integer.MAX_VALUE);
        this.nova = new NovaEventGenerator(settings.seed());
        this.objects = new ObjectImageGenerator(settings.seed());
    }

    /** The next lumisection's events, in event order; runs roll over after the configured length. */
    public List<EventImage> next(Instant timestamp) {
        if (++lumisection > settings.lumisectionsPerRun()) {
            run++;
            lumisection = 1;
        }
        ImageSource source = settings.source();
        ImageFault.Injection fault = null;
        boolean shiftMix = false;
        String injected = "none";
        if (rng.nextDouble() < settings.faultFraction()) {
            int kinds = ImageFault.values().length + (source == ImageSource.NOVA ? 0 : 1);
            int kind = rng.nextInt(kinds);
            if (kind < ImageFault.values().length) {
                fault = ImageFault.values()[kind].at(source.shape(), rng);
                injected = String.format(Locale.ROOT, "%s %s plane %d cell %d", fault.fault().signature(),
                        source.viewName(fault.view()), fault.row(), fault.column());
            } else {
                shiftMix = true;
                injected = source == ImageSource.PARTICLES ? "class-mix 30% muons" : "class-mix only rods";
            }
        }
        List<EventImage> events = new ArrayList<>(settings.eventsPerLumisection());
        for (int e = 0; e < settings.eventsPerLumisection(); e++) {
            RecordedEvent d = draw(shiftMix);
            if (fault != null) {
                float[] charges = Pixels.unsigned(d.pixels());
                fault.apply(charges, source.shape(), source.fullScale());
                for (int i = 0; i < charges.length; i++) {
                    d.pixels()[i] = (byte) charges[i];
                }
            }
            Map<String, String> metadata = new HashMap<>(d.truth());
            metadata.put(INJECTED, injected);
            events.add(d.record(source, run, lumisection, e, timestamp, metadata));
        }
        return events;
    }

    private RecordedEvent draw(boolean shiftMix) {
        return switch (settings.source()) {
            case PARTICLES -> {
                ParticleImage p = shiftMix && rng.nextDouble() < 0.3 ? particles.draw(0, ParticleType.MUON)
                        : particles.take(1).get(0);
                yield RecordedEvent.of(p);
            }
            case NOVA -> {
                NovaEvent n = nova.take(1).get(0);
                yield RecordedEvent.of(n);
            }
            case OBJECTS -> {
                ObjectImage o = objects.take(1).get(0);
                while (shiftMix && !o.label().equals("rod")) {
                    o = objects.take(1).get(0);
                }
                yield RecordedEvent.of(o);
            }
        };
    }
}
