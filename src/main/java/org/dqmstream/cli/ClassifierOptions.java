package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dqmstream.evaluation.ClassificationEvaluation;
import org.dqmstream.evaluation.ClassificationReport;
import org.dqmstream.image.EventSplit;
import org.dqmstream.image.ImageReference;
import org.dqmstream.image.LabelledImage;
import org.dqmstream.image.SmallImageClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options of the class-balanced small-image classifier, its training and its test report. */
final class ClassifierOptions {
    private static final Logger log = LoggerFactory.getLogger(ClassifierOptions.class);

    @Option(names = "--epochs", defaultValue = "6", description = "Classifier epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--images-per-class", defaultValue = "4000",
            description = "Images of each class drawn per epoch, rare classes with replacement (default: ${DEFAULT-VALUE}).")
    int imagesPerClass;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    record Trained(SmallImageClassifier classifier, ImageReference reference) {
    }

    /** The trained classifier, or null when none was trained. */
    static SmallImageClassifier classifier(Trained trained) {
        return trained == null ? null : trained.classifier();
    }

    static ImageReference reference(Trained trained) {
        return trained == null ? null : trained.reference();
    }

    /**
     * Trains on the split's training set (refused if a class is never recognized on validation), takes the
     * lumisection-check reference on validation, prints and writes the test figures as trained and
     * prior-corrected under {@code report}, and adds the headline figures to {@code metrics}.
     */
    Trained trainAndReport(EventSplit<? extends LabelledImage> split, SmallImageClassifier.Spec spec, long seed,
                           Path report, Map<String, Double> metrics) throws Exception {
        log.info("{} training, {} validation, {} test images (split by event)", split.training().size(),
                split.validation().size(), split.test().size());
        SmallImageClassifier classifier = SmallImageClassifier.train(split.training(), split.validation(), spec,
                new SmallImageClassifier.Settings(epochs, imagesPerClass, learningRate, seed), Progress.bar());
        float[][] test = SmallImageClassifier.pixels(split.test());
        List<String> classes = classifier.classes();
        ClassificationEvaluation.Result asTrained = ClassificationEvaluation.evaluate(classes, split.test(),
                classifier.balancedProbabilities(test), seed);
        ClassificationEvaluation.Result corrected = ClassificationEvaluation.evaluate(classes, split.test(),
                classifier.probabilities(test), seed);
        System.out.print(ClassificationReport.text(asTrained, corrected));
        ClassificationReport.write(asTrained, corrected, report);
        metrics.put("test_macro_f1", asTrained.natural().macroF1());
        metrics.put("test_balanced_macro_f1", asTrained.balanced().macroF1());
        metrics.put("test_log_loss_balanced", asTrained.balanced().logLoss());
        metrics.put("test_log_loss_prior_corrected", corrected.natural().logLoss());
        ImageReference reference = ImageReference.of(classes,
                classifier.probabilities(SmallImageClassifier.pixels(split.validation())), classifier.scoredClass());
        return new Trained(classifier, reference);
    }
}
