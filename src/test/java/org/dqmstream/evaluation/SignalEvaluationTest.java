package org.dqmstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalEvaluationTest {

    private static SignalEvaluation.Event event(double score, boolean signal, double energy, String mode) {
        return new SignalEvaluation.Event(score, signal, Map.of("nuenergy", Double.toString(energy), "mode", mode));
    }

    @Test
    void efficiencyRejectionAndBinsAtTheCut() {
        List<SignalEvaluation.Event> events = new ArrayList<>();
        // Low-energy signal is found half the time, high-energy signal always; background mostly rejected.
        events.add(event(0.9, true, 0.5, "QE"));
        events.add(event(0.2, true, 0.7, "QE"));
        events.add(event(0.8, true, 3.0, "DIS"));
        events.add(event(0.95, true, 4.0, "DIS"));
        events.add(event(0.1, false, 2.0, "NC"));
        events.add(event(0.3, false, 2.0, "NC"));
        events.add(event(0.6, false, 1.0, "NC"));
        events.add(event(0.05, false, 1.0, "NC"));
        SignalEvaluation.Result r = SignalEvaluation.evaluate(events, 0.5, List.of(
                SignalEvaluation.byEdges("nuenergy", 0, 1, 2), SignalEvaluation.byValue("mode")));
        assertThat(r.signal()).isEqualTo(4);
        assertThat(r.efficiency()).isEqualTo(0.75);
        assertThat(r.rejection()).isEqualTo(0.75);
        assertThat(r.accuracy()).isEqualTo(0.75);
        assertThat(r.balancedAccuracy()).isEqualTo(0.75);
        // 16 signal-background pairs; 0.2 loses to 0.3 and 0.6, 0.9/0.8/0.95 beat all: 14/16.
        assertThat(r.auc()).isCloseTo(14.0 / 16, within(1e-9));
        assertThat(r.bins()).extracting(b -> b.variable() + " " + b.bin() + " " + b.signal() + " " + b.efficiency())
                .containsExactly("nuenergy [0.0, 1.0) 2 0.5", "nuenergy >= 2.0 2 1.0", "mode DIS 2 1.0", "mode QE 2 0.5");
        assertThat(r.curveEfficiency()).hasSameSizeAs(r.curveRejection());
    }

    @Test
    void needsBothClasses() {
        assertThatThrownBy(() -> SignalEvaluation.evaluate(List.of(event(0.5, true, 1, "QE")), 0.5, List.of()))
                .hasMessageContaining("need signal and background");
    }
}
