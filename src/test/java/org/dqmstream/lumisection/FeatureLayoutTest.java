package org.dqmstream.lumisection;

import java.util.Random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureLayoutTest {

    @Test
    void standardLayoutHasEveryNameOfTheGrammarGroupedByStreamAndChannel() {
        FeatureLayout layout = FeatureLayout.standard();
        assertThat(layout.size()).isEqualTo(3 * 4 * (7 * 5 * 7 + 3 * 7) + 3 * 2);
        assertThat(layout.groups()).hasSize(13);
        ChannelGroup muonsCalo = layout.group("muons_calo");
        assertThat(muonsCalo.size()).isEqualTo(266);
        assertThat(muonsCalo.features()).allSatisfy(f -> {
            assertThat(f.stream()).isEqualTo("muons");
            assertThat(f.channel()).isEqualTo("calo");
        });
        assertThat(layout.group("eventCounts").features()).extracting(FeatureName::name)
                .containsExactly("minibias_nEvents", "minibias_nonZeroWeights", "muons_nEvents",
                        "muons_nonZeroWeights", "photons_nEvents", "photons_nonZeroWeights");
    }

    @Test
    void parsesEachKindOfName() {
        FeatureName p = FeatureName.parse("photons_PF_pt_q3_p99");
        assertThat(p.kind()).isEqualTo(FeatureName.Kind.PARTICLE_STATISTIC);
        assertThat(p.quantile()).isEqualTo("q3");
        assertThat(p.statistic()).isEqualTo("p99");
        assertThat(p.channelGroup()).isEqualTo("photons_PF");

        FeatureName m = FeatureName.parse("minibias_calo_Pz_std");
        assertThat(m.kind()).isEqualTo(FeatureName.Kind.MOMENTUM_STATISTIC);
        assertThat(m.quantity()).isEqualTo("Pz");

        FeatureName c = FeatureName.parse("muons_nonZeroWeights");
        assertThat(c.kind()).isEqualTo(FeatureName.Kind.EVENT_COUNT);
        assertThat(c.channelGroup()).isEqualTo("eventCounts");
    }

    @Test
    void rejectsUnknownVocabularyNamingThePart() {
        assertThatThrownBy(() -> FeatureName.parse("muons_PF_pt_q6_p50"))
                .hasMessageContaining("unknown quantile 'q6'");
        assertThatThrownBy(() -> FeatureName.parse("cosmics_PF_pt_q1_p50"))
                .hasMessageContaining("unknown stream 'cosmics'");
        assertThatThrownBy(() -> FeatureName.parse("muons_PF_pt"))
                .hasMessageContaining("does not follow");
        assertThatThrownBy(() -> FeatureLayout.parse(List.of("muons_nEvents", "muons_nEvents")))
                .hasMessageContaining("appears twice");
    }

    @Test
    void groupsFollowNamesNotPositions() {
        List<String> names = new ArrayList<>(FeatureLayout.standard().names());
        Collections.shuffle(names, new Random(3));
        FeatureLayout shuffled = FeatureLayout.parse(names);
        ChannelGroup group = shuffled.group("photons_muons");
        assertThat(group.size()).isEqualTo(266);
        for (int i = 0; i < group.size(); i++) {
            assertThat(names.get(group.featureIndices()[i])).startsWith("photons_muons_");
        }
        assertThat(shuffled.id()).as("order is part of the layout").isNotEqualTo(FeatureLayout.standard().id());
    }
}
