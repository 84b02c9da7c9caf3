package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dqmstream.config.MonitorConfig;
import org.dqmstream.TestModels;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.model.ModelBundle;
import org.junit.jupiter.api.Test;

class LiveModelTest {
    private final ModelBundle serving = TestModels.bundle();

    @Test
    void aBundleForAnotherFeatureLayoutIsRefusedAndTheServingOneStays() {
        FeatureLayout other = FeatureLayout.parse(serving.layout().names().subList(0, 10));
        ModelBundle foreign = new ModelBundle("foreign", serving.createdAt(), other, serving.groups(),
                serving.subsystems(), serving.thresholds(), serving.training(), serving.runContext(),
                serving.scoreParts());
        LiveModel model = new LiveModel(serving, MonitorConfig.defaults());

        assertThatThrownBy(() -> model.swap(foreign)).hasMessageContaining("feature layout " + other.id())
                .hasMessageContaining("not the stream's " + serving.layout().id());
        assertThat(model.current().bundle().version()).isEqualTo(serving.version());
    }

    @Test
    void aSwapChangesWhatTheNextBatchIsScoredAndStampedWith() {
        ModelBundle retrained = new ModelBundle("retrained", serving.createdAt(), serving.layout(), serving.groups(),
                serving.subsystems(), serving.thresholds(), serving.training(), serving.runContext(),
                serving.scoreParts());
        LiveModel model = new LiveModel(serving, MonitorConfig.defaults());
        LiveModel.InService before = model.current();
        model.swap(retrained);
        assertThat(model.current().bundle().version()).isEqualTo("retrained");
        assertThat(model.current().scorer().bundle()).isSameAs(retrained);
        assertThat(before.bundle().version()).as("a batch in progress keeps its own").isEqualTo(serving.version());
    }
}
