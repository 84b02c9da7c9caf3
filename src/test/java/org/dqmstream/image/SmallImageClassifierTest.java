package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.dqmstream.evaluation.ClassificationEvaluation;
import org.dqmstream.model.DataFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallImageClassifierTest {
    private static final ProgressBarBuilder QUIET = new ProgressBarBuilder().setUpdateIntervalMillis(60_000);

    @TempDir
    Path dir;

    @Test
    void balancedSamplingLearnsRareTypesDespiteImbalance() {
        List<ParticleImage> validation = SeparableParticles.images(30, 300, 2);
        SmallImageClassifier classifier = SeparableParticles.classifier();
        assertThat(classifier.recall(validation).values()).allSatisfy(r -> assertThat(r).isGreaterThan(0.9));
        float[][] p = classifier.probabilities(SmallImageClassifier.pixels(validation.subList(0, 3)));
        assertThat(p[0]).hasSize(5);
        double sum = 0;
        for (float v : p[0]) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-4));
        assertThat(classifier.spec().priors().shares()[ParticleType.PION.ordinal()])
                .as("deployment priors are the training mix: 2000 pions, 20 of each other type")
                .isCloseTo(2000.0 / 2080, within(1e-9));
    }

    @Test
    void priorCorrectionImprovesNaturalMixLogLossOfAWeakClassifier() {
        // Half the images show nothing of their type: for those, balanced-trained posteriors are near
        // uniform, badly calibrated for a mix that is 90% pions; corrected, they say "probably a pion".
        SmallImageClassifier classifier = SmallImageClassifier.train(SeparableParticles.images(100, 4000, 5, 0.5),
                SeparableParticles.images(100, 1000, 6, 0.5), ParticleType.classifierSpec(),
                new SmallImageClassifier.Settings(3, 600, 3e-3, 5), QUIET);
        EventSplit<ParticleImage> split = new EventSplit<>(List.of(), List.of(),
                SeparableParticles.images(100, 4000, 7, 0.5));
        float[][] test = SmallImageClassifier.pixels(split.test());
        var asTrained = ClassificationEvaluation.evaluate(ParticleType.names(), split.test(),
                classifier.balancedProbabilities(test), 1);
        var corrected = ClassificationEvaluation.evaluate(ParticleType.names(), split.test(),
                classifier.probabilities(test), 1);
        assertThat(corrected.natural().logLoss()).isLessThan(asTrained.natural().logLoss() - 0.2);
        assertThat(corrected.natural().accuracy()).isGreaterThan(asTrained.natural().accuracy());
    }

    @Test
    void classifiesObjectCutOutsAndSurvivesTheBundleRoundTrip() throws Exception {
        List<String> classes = ObjectImageGenerator.LABELS;
        List<LabelledImage> images = new java.util.ArrayList<>();
        for (ObjectImage image : new ObjectImageGenerator(3).take(900)) {
            images.add(image.labelled(images.size(), classes));
        }
        EventSplit<LabelledImage> split = EventSplit.of(images, 0.7, 0.15, 3);
        SmallImageClassifier classifier = SmallImageClassifier.train(split.training(), split.validation(),
                new SmallImageClassifier.Spec(classes, ImageSource.OBJECTS.shape(), 64f, 0, null, false),
                new SmallImageClassifier.Settings(4, 300, 2e-3, 3), QUIET);
        var result = ClassificationEvaluation.evaluate(classes, split.test(),
                classifier.probabilities(SmallImageClassifier.pixels(split.test())), 3);
        assertThat(result.natural().macroF1()).as("cells, rods and clusters differ in plain shape").isGreaterThan(0.8);

        ImageReference reference = ImageReference.of(classes,
                classifier.probabilities(SmallImageClassifier.pixels(split.validation())), 0);
        ImageSourceBundle.create(ImageSource.OBJECTS, classifier, reference, null, Map.of(),
                LabelledImage.charges(split.training())).save(dir);
        ImageSourceBundle loaded = ImageSourceBundle.load(dir, ImageSource.OBJECTS);
        float[][] some = SmallImageClassifier.pixels(split.test().subList(0, 5));
        assertThat(loaded.classifier().probabilities(some)).isDeepEqualTo(classifier.probabilities(some));
        assertThat(((SmallImageClassifier) loaded.classifier()).spec().priors().shares())
                .containsExactly(classifier.spec().priors().shares());
        assertThat(loaded.dataFingerprint()).as("the training images' SHA-256")
                .isEqualTo(DataFingerprint.ofRows(LabelledImage.charges(split.training()))).hasSize(64);
    }

    @Test
    void refusesAClassifierThatNeverRecognizesAType() {
        Map<String, Double> majorityOnly = new LinkedHashMap<>();
        for (ParticleType t : ParticleType.values()) {
            majorityOnly.put(t.name(), t == ParticleType.PION ? 1.0 : 0.0);
        }
        assertThatThrownBy(() -> SmallImageClassifier.requireEveryClassRecognized(majorityOnly))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never recognizes [ELECTRON, MUON, KAON, PROTON]");
        Map<String, Double> fine = new LinkedHashMap<>();
        for (ParticleType t : ParticleType.values()) {
            fine.put(t.name(), 0.3);
        }
        SmallImageClassifier.requireEveryClassRecognized(fine);
    }

    @Test
    void needsEveryTypeInTraining() {
        List<ParticleImage> noMuons = SeparableParticles.images(10, 10, 1).stream()
                .filter(i -> i.type() != ParticleType.MUON).toList();
        assertThatThrownBy(() -> SmallImageClassifier.train(noMuons, noMuons, ParticleType.classifierSpec(),
                new SmallImageClassifier.Settings(1, 10, 1e-3, 1), QUIET))
                .hasMessageContaining("no training images of class MUON");
    }
}
