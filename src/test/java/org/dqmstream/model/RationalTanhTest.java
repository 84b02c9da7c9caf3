package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RationalTanhTest {
    @Test
    void agreesWithTanhToFloatPrecisionOverTheWholeLine() {
        double worst = 0;
        for (float x = -30f; x <= 30f; x += 0.00037f) {
            worst = Math.max(worst, Math.abs(RationalTanh.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThan(5e-7); // four float roundings near 1
    }

    @Test
    void isOddAndSaturates() {
        assertThat(RationalTanh.tanh(0f)).isEqualTo(0f);
        assertThat(RationalTanh.tanh(-0.3f)).isEqualTo(-RationalTanh.tanh(0.3f));
        assertThat(RationalTanh.tanh(1e6f)).isCloseTo(1f, within(1e-6f));
        assertThat(RationalTanh.tanh(Float.NEGATIVE_INFINITY)).isCloseTo(-1f, within(1e-6f));
    }
}
