package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dqmstream.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path dir;

    @Test
    void savedBundleLoadsWithTheSameModelsAndThresholds() throws IOException {
        ModelBundle bundle = TestModels.bundle();
        bundle.save(dir);
        ModelBundle loaded = ModelBundle.load(dir);
        assertThat(loaded.version()).isEqualTo(bundle.version());
        assertThat(loaded.layout().id()).isEqualTo(bundle.layout().id());
        assertThat(loaded.thresholds()).isEqualTo(bundle.thresholds());
        assertThat(loaded.subsystems()).isEqualTo(bundle.subsystems());
        assertThat(loaded.groups()).hasSize(13);
        ChannelGroupModel g = loaded.group("minibias_calo");
        assertThat(g.reference()).isEqualTo(bundle.group("minibias_calo").reference());
        assertThat(g.network().params()).isEqualTo(bundle.group("minibias_calo").network().params());
        assertThat(bundle.training().trainingLumisections()).isPositive();
        assertThat(bundle.thresholds().values()).allSatisfy(t -> assertThat(t.bad()).isGreaterThanOrEqualTo(t.warning()));
    }

    @Test
    void refusesInconsistentBundlesWithAClearMessage() throws IOException {
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("no model bundle at");
        TestModels.bundle().save(dir);
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replace("\"minibias_nEvents\"", "\"minibias_nEventz\""));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("bad feature list")
                .hasMessageContaining("nEventz");
        Files.writeString(manifest, text.replaceFirst("\"layoutId\" : \"cms-ls-[0-9a-f]+\"", "\"layoutId\" : \"cms-ls-x\""));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("does not match its features");
    }
}
