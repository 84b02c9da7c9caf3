package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class NovaEventGeneratorTest {
    private final List<NovaEvent> events = new NovaEventGenerator(3).take(1500);

    /** Planes of the x-z view with charge above noise: how far the event reaches downstream. */
    private static int planesHit(NovaEvent e) {
        int planes = 0;
        for (int p = 0; p < NovaEvent.PLANES; p++) {
            for (int c = 0; c < NovaEvent.CELLS; c++) {
                if (e.pixel(0, p, c) >= 20) {
                    planes++;
                    break;
                }
            }
        }
        return planes;
    }

    private static long charge(NovaEvent e) {
        long sum = 0;
        for (byte b : e.pixels()) {
            sum += b & 0xff;
        }
        return sum;
    }

    private double mean(Predicate<NovaEvent> which, java.util.function.ToDoubleFunction<NovaEvent> f) {
        return events.stream().filter(which).mapToDouble(f).average().orElseThrow();
    }

    @Test
    void numuChargedCurrentHasLongerTracksThanNeutralCurrent() {
        double numu = mean(e -> e.interaction().isNumuCC(), NovaEventGeneratorTest::planesHit);
        double nc = mean(e -> e.interaction() == NovaInteraction.NC, NovaEventGeneratorTest::planesHit);
        assertThat(numu).isGreaterThan(2 * nc);
        assertThat(mean(e -> e.interaction() == NovaInteraction.NC, NovaEvent::leptonEnergy)).isZero();
    }

    @Test
    void cosmicsCrossTheDetectorTopToBottom() {
        List<NovaEvent> cosmics = events.stream().filter(e -> e.interaction() == NovaInteraction.COSMIC).toList();
        assertThat(cosmics).hasSizeGreaterThan(100);
        long crossing = cosmics.stream().filter(e -> {
            int cellsHit = 0;
            for (int c = 0; c < NovaEvent.CELLS; c++) {
                for (int p = 0; p < NovaEvent.PLANES; p++) {
                    if (e.pixel(1, p, c) >= 20) {
                        cellsHit++;
                        break;
                    }
                }
            }
            return cellsHit > 40;
        }).count();
        assertThat(crossing / (double) cosmics.size()).isGreaterThan(0.7);
        assertThat(cosmics).allSatisfy(e -> assertThat(e.neutrinoEnergy()).isZero());
    }

    @Test
    void electronShowersAreBrighterAndEnergyMakesMoreCharge() {
        double nue = mean(e -> e.interaction().isNueCC(), NovaEventGeneratorTest::charge);
        double numu = mean(e -> e.interaction().isNumuCC(), NovaEventGeneratorTest::charge);
        assertThat(nue).isGreaterThan(numu);
        List<NovaEvent> numuEvents = events.stream().filter(e -> e.interaction().isNumuCC()).toList();
        double[] energy = numuEvents.stream().mapToDouble(NovaEvent::leptonEnergy).toArray();
        double[] length = numuEvents.stream().mapToDouble(NovaEventGeneratorTest::planesHit).toArray();
        assertThat(new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(energy, length))
                .isGreaterThan(0.5);
    }

    @Test
    void drawsEveryKindWithTruth() {
        assertThat(events).extracting(NovaEvent::interaction).contains(NovaInteraction.NUMU_CC_QE,
                NovaInteraction.NUMU_CC_DIS, NovaInteraction.NUE_CC_RES, NovaInteraction.NC, NovaInteraction.COSMIC);
        assertThat(events.stream().filter(e -> e.interaction().isNumuCC()).count() / 1500.0).isBetween(0.35, 0.45);
        assertThat(events).allSatisfy(e -> assertThat(e.leptonEnergy()).isLessThanOrEqualTo(
                e.interaction() == NovaInteraction.COSMIC ? 20f : e.neutrinoEnergy()));
    }
}
