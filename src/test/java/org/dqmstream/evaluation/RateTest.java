package org.dqmstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateTest {
    @Test
    void aRateCarriesItsWilsonInterval() {
        Rate r = Rate.of(3, 100);
        assertThat(r.rate()).isEqualTo(0.03);
        // Wilson 95%: centre (p + z^2/2n) / (1 + z^2/n), half-width z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
        assertThat(r.low()).isCloseTo(0.01025, within(1e-4));
        assertThat(r.high()).isCloseTo(0.08452, within(1e-4));
        Rate none = Rate.of(0, 50);
        assertThat(none.low()).isCloseTo(0, within(1e-12));
        assertThat(none.high()).as("no false alarm in 50 is still up to 7%").isCloseTo(0.0713, within(1e-3));
        assertThat(Rate.of(0, 0).rate()).isNaN();
    }
}
