package org.dqmstream.image;

import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Training, validation and test sets that never share an event: images of one collision are
 * correlated, and a row-wise split leaks between the sets.
 */
public record EventSplit<T extends LabelledImage>(List<T> training, List<T> validation, List<T> test) {

    public static <T extends LabelledImage> EventSplit<T> of(List<T> images, double trainingShare, double validationShare, long seed) {
        List<Integer> events = new ArrayList<>(new TreeSet<>(images.stream().map(LabelledImage::event).toList()));
        if (events.size() < 3) {
            throw new IllegalArgumentException("need images of at least 3 events to split by event, got " + events.size());
        }
        Collections.shuffle(events, new Random(seed));
        int trainingEvents = Math.max(1, (int) Math.round(events.size() * trainingShare));
        int validationEvents = Math.max(1, (int) Math.round(events.size() * validationShare));
        if (trainingEvents + validationEvents >= events.size()) {
            throw new IllegalArgumentException("shares leave no events for the test set");
        }
        Set<Integer> training = new HashSet<>(events.subList(0, trainingEvents));
        Set<Integer> validation = new HashSet<>(
                events.subList(trainingEvents, trainingEvents + validationEvents));
        List<T> tr = new ArrayList<>(), va = new ArrayList<>(), te = new ArrayList<>();
        for (T image : images) {
            (training.contains(image.event()) ? tr : validation.contains(image.event()) ? va : te).add(image);
        }
        return new EventSplit<>(tr, va, te);
    }
}
