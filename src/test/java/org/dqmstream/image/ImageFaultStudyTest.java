package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ImageFaultStudyTest {
    @Test
    void faultsAtRandomPlacesAreFlaggedFarMoreOftenThanHealthyLumisections() {
        NovaEventGenerator heldOut = new NovaEventGenerator(77);
        Map<String, ImageFaultStudy.Row> rows = ImageFaultStudy.evaluate(NovaFaultModel.autoencoder(),
                () -> heldOut.take(1).get(0).charges(),
                ImageSource.NOVA, 100, NovaFaultModel.EVENTS_PER_LUMISECTION, 5).stream()
                .collect(Collectors.toMap(ImageFaultStudy.Row::name, r -> r));
        assertThat(rows.keySet()).containsExactlyInAnyOrder("none", "dead-plane", "hot-cell", "low-gain");
        // WARNING is calibrated at 5%; 100 healthy lumisections flag about 5, rarely more than 12.
        assertThat(rows.get("none").flagged()).isLessThan(0.12);
        // Measured: dead plane 0.50, hot cell 0.39, low gain 1.00 at random places (quiet planes and the busy
        // centre hide some); the bounds stay well above the 0.05 of healthy lumisections.
        assertThat(rows.get("dead-plane").flagged()).isGreaterThan(0.3);
        assertThat(rows.get("dead-plane").signatureNamed()).isGreaterThan(0.2);
        assertThat(rows.get("hot-cell").flagged()).isGreaterThan(0.2);
        assertThat(rows.get("low-gain").flagged()).isGreaterThan(0.8);
        assertThat(rows.get("low-gain").signatureNamed()).isGreaterThan(0.8);
    }
}
