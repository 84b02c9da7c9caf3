package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventSplitTest {

    @Test
    void setsNeverShareAnEvent() {
        List<ParticleImage> images = new ParticleImageGenerator(4, 37).take(37 * 100);
        EventSplit split = EventSplit.of(images, 0.7, 0.15, 9);
        Set<Integer> train = events(split.training()), validation = events(split.validation()), test = events(split.test());
        assertThat(train).doesNotContainAnyElementsOf(validation).doesNotContainAnyElementsOf(test);
        assertThat(validation).doesNotContainAnyElementsOf(test);
        assertThat(train.size() + validation.size() + test.size()).isEqualTo(100);
        assertThat(train).hasSize(70);
        assertThat(split.training().size() + split.validation().size() + split.test().size()).isEqualTo(images.size());
    }

    @Test
    void needsEnoughEvents() {
        assertThatThrownBy(() -> EventSplit.of(new ParticleImageGenerator(4, 1000).take(1500), 0.7, 0.15, 1))
                .hasMessageContaining("at least 3 events");
    }

    private static Set<Integer> events(List<ParticleImage> images) {
        return images.stream().map(ParticleImage::event).collect(Collectors.toSet());
    }
}
