package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dqmstream.records.FlagLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageAutoencoderTest {
    private static final int EVENTS = NovaFaultModel.EVENTS_PER_LUMISECTION;
    private static final int TRIALS = 30;
    private static ImageAutoencoder autoencoder;

    /** Mean projections of generated NOvA lumisections, each event carrying the same fault if one is given. */
    static List<double[]> lumisections(long seed, int count, ImageFault.Injection fault) {
        NovaEventGenerator generator = new NovaEventGenerator(seed);
        List<double[]> out = new ArrayList<>();
        for (int ls = 0; ls < count; ls++) {
            List<float[]> events = generator.take(EVENTS).stream().map(NovaEvent::charges).toList();
            if (fault != null) {
                events.forEach(p -> fault.apply(p, NovaEvent.SHAPE, 255));
            }
            out.add(ImageProjections.mean(events, NovaEvent.SHAPE));
        }
        return out;
    }

    @BeforeAll
    static void train() {
        autoencoder = NovaFaultModel.autoencoder();
    }

    private static List<ImageAutoencoder.Assessment> assess(ImageFault.Injection fault, long seed) {
        return autoencoder.assess(lumisections(seed, TRIALS, fault));
    }

    private static long flagged(List<ImageAutoencoder.Assessment> a) {
        return a.stream().filter(x -> x.level() != FlagLevel.GOOD).count();
    }

    private static Map<String, Long> signatures(List<ImageAutoencoder.Assessment> a) {
        return a.stream().filter(x -> x.level() != FlagLevel.GOOD).map(x -> x.signature().view() + " "
                + x.signature().label() + " " + x.signature().place()).collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
    }

    @Test
    void healthyLumisectionsAreFlaggedAboutAsOftenAsCalibrated() {
        // WARNING at 5% of healthy lumisections: 1.5 of 30 expected; 5 or more has probability < 2%.
        assertThat(flagged(assess(null, 99))).isLessThan(5);
    }

    @Test
    void aDeadPlaneIsFlaggedBadAndLocated() {
        List<ImageAutoencoder.Assessment> a = assess(new ImageFault.Injection(ImageFault.DEAD_PLANE, 0, 40, 0, 1), 100);
        assertThat(a.stream().filter(x -> x.level() == FlagLevel.BAD).count()).isGreaterThanOrEqualTo(27);
        assertThat(signatures(a).getOrDefault("0 dead-plane plane 40", 0L)).isGreaterThanOrEqualTo(25);
    }

    @Test
    void aViewAtLowGainIsFlaggedWithItsView() {
        List<ImageAutoencoder.Assessment> a = assess(new ImageFault.Injection(ImageFault.LOW_GAIN, 1, 0, 0, 0.4f), 101);
        assertThat(flagged(a)).isGreaterThanOrEqualTo(18);
        assertThat(signatures(a).getOrDefault("1 low-gain ", 0L)).isGreaterThanOrEqualTo(12);
    }

    @Test
    void aHotCellAwayFromTheBusyCentreIsFlagged() {
        List<ImageAutoencoder.Assessment> a = assess(new ImageFault.Injection(ImageFault.HOT_CELL, 0, 75, 15, 1), 102);
        assertThat(flagged(a)).isGreaterThanOrEqualTo(15);
        assertThat(signatures(a).getOrDefault("0 hot-cell cell (75, 15)", 0L)).isGreaterThanOrEqualTo(15);
    }
}
