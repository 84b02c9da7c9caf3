package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dqmstream.lumisection.FeatureLayout;
import org.junit.jupiter.api.Test;

class InputTransformTest {
    private final FeatureLayout layout = FeatureLayout.parse(
            List.of("muons_nEvents", "muons_PF_eta_q1_mean", "photons_nEvents"));

    @Test
    void takesTheGroupsValuesWithCountsPerUnitOfTheirStreamsLuminosity() {
        InputTransform counts = InputTransform.of(layout.group("eventCounts"));

        assertThat(counts.groupInput(new float[] {10, 20, 30}, Map.of("muons", 2f, "photons", 5f)))
                .containsExactly(5, 6);
    }

    @Test
    void writesEachRecordOfABatchAtItsOffsetAndLeavesOtherFeaturesAsTheyAre() {
        InputTransform muonsPf = InputTransform.of(layout.group("muons_PF"));
        float[] batch = new float[3];

        muonsPf.write(new float[] {10, 20, 30}, Map.of("muons", 2f), batch, 1);
        muonsPf.write(new float[] {10, 7, 30}, Map.of("muons", 2f), batch, 2);

        assertThat(batch).containsExactly(0, 20, 7);
    }
}
