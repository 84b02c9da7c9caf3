package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.NovaFaultModel;
import org.dqmstream.image.SeparableParticles;
import org.junit.jupiter.api.Test;

class LiveImageModelsTest {
    private static final ImageSourceBundle PARTICLES = SeparableParticles.bundle();

    @Test
    void aRetrainedBundleReplacesItsSourceAndASourceThatFailedAtStartCanBeBroughtIn() {
        MonitorConfig.Images images = MonitorConfig.defaults().with(Map.of("images.sources", "particles,nova")).images();
        LiveImageModels live = new LiveImageModels(List.of(PARTICLES), images);
        ImageSourceBundle retrained = new ImageSourceBundle(PARTICLES.source(), PARTICLES.version() + "-2",
                PARTICLES.classifier(), PARTICLES.reference(), PARTICLES.autoencoder(), PARTICLES.metrics(),
                PARTICLES.dataFingerprint());

        ImageSourceBundle nova = NovaFaultModel.bundle();
        live.swap(retrained);
        live.swap(nova);

        assertThat(live.version("particles")).isEqualTo(retrained.version());
        assertThat(live.current().get("particles").mix()).as("its checks rebuilt for the new version").isNotNull();
        assertThat(live.version("nova")).isEqualTo(nova.version());
    }

    @Test
    void aBundleOfASourceNotScoredHereIsRefused() {
        MonitorConfig.Images images = MonitorConfig.defaults().with(Map.of("images.sources", "particles")).images();
        LiveImageModels live = new LiveImageModels(List.of(PARTICLES), images);
        assertThatThrownBy(() -> live.swap(NovaFaultModel.bundle())).hasMessageContaining("source nova is not scored");
        assertThat(live.current()).containsOnlyKeys("particles");
    }
}
