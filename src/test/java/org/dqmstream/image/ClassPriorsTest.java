package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassPriorsTest {

    @Test
    void anUninformativeBalancedPosteriorBecomesThePrior() {
        ClassPriors priors = new ClassPriors(new double[] {0.9, 0.1});
        float[][] p = priors.correct(new float[][] {{0.5f, 0.5f}, {0.2f, 0.8f}});
        assertThat(p[0][0]).isCloseTo(0.9f, within(1e-6f));
        // Bayes: 0.2*0.9 / (0.2*0.9 + 0.8*0.1) = 0.18 / 0.26.
        assertThat(p[1][0]).isCloseTo(0.18f / 0.26f, within(1e-6f));
        assertThat(p[1][0] + p[1][1]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void sharesComeFromTheLabelsAndNoClassIsImpossible() {
        List<LabelledImage> images = List.of(LabelledImage.of(0, 0, new float[1]), LabelledImage.of(1, 0, new float[1]),
                LabelledImage.of(2, 0, new float[1]), LabelledImage.of(3, 1, new float[1]));
        ClassPriors priors = ClassPriors.of(images, 3);
        assertThat(priors.shares()).containsExactly(new double[] {3 / 4.5, 1 / 4.5, 0.5 / 4.5}, within(1e-12));
    }

    @Test
    void refusesSharesThatAreNotAMix() {
        assertThatThrownBy(() -> new ClassPriors(new double[] {0.5, 0.6})).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> new ClassPriors(new double[] {1, 0})).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ClassPriors(new double[] {0.5, 0.5}).correct(new float[][] {{1, 0, 0}}))
                .hasMessageContaining("3 probabilities for 2 classes");
    }
}
