package org.dqmstream.image;

import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NumuIdentifierTest {

    @Test
    void followsTheSeedArchitecture() {
        ComputationGraph net = NumuIdentifier.newNetwork(1e-3, 1);
        assertThat(net.getLayer("separable7x7")).isNotNull();
        assertThat(net.getVertex("inception").getNumInputArrays()).isEqualTo(4);
        // 64 + 96 + 16 + 32 channels leave the inception block.
        assertThat(net.getLayer("conv3x3b").getParam("W").size(1)).isEqualTo(208);
        assertThat(net.getLayer("numuCC").getParam("W").size(1)).isEqualTo(1);
    }

    @Test
    void scoresWithTheNetworksOwnOutputs() {
        ComputationGraph net = NumuIdentifier.newNetwork(1e-3, 1);
        // Non-zero biases: a freshly initialized network has zero biases, which would hide a misplaced bias.
        net.params().addi(Nd4j.rand(net.params().shape()).subi(0.5).muli(0.1));
        List<NovaEvent> events = new NovaEventGenerator(5).take(19);

        double[] scores = new NumuIdentifier(net).scores(events);

        float[] expected = net.outputSingle(false, NumuIdentifier.features(events)).data().asFloat();
        for (int i = 0; i < scores.length; i++) {
            assertThat(scores[i]).as("event %d", i).isCloseTo(expected[i], within(1e-4));
        }
    }

    @Test
    void trainsOnBothClassesAndScoresProbabilities() {
        List<NovaEvent> events = new NovaEventGenerator(2).take(40);
        NumuIdentifier id = NumuIdentifier.train(events, new NumuIdentifier.Settings(1, 16, 1e-3, 1),
                new ProgressBarBuilder().setUpdateIntervalMillis(60_000));
        double[] scores = id.scores(events.subList(0, 5));
        assertThat(scores).hasSize(5);
        assertThat(Arrays.stream(scores).boxed().toList()).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        List<NovaEvent> onlyNc = events.stream().filter(e -> e.interaction() == NovaInteraction.NC).toList();
        assertThatThrownBy(() -> NumuIdentifier.train(onlyNc, new NumuIdentifier.Settings(1, 1, 1e-3, 1),
                new ProgressBarBuilder())).hasMessageContaining("numu CC and other events");
    }
}
