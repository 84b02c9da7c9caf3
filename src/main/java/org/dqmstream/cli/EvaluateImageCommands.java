package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dqmstream.evaluation.ClassificationEvaluation;
import org.dqmstream.evaluation.ClassificationReport;
import org.dqmstream.evaluation.HtmlReport;
import org.dqmstream.evaluation.NumuReport;
import org.dqmstream.evaluation.SignalEvaluation;
import org.dqmstream.image.ImageFaultStudy;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.LabelledImage;
import org.dqmstream.image.NovaEvent;
import org.dqmstream.image.NumuIdentifier;
import org.dqmstream.image.ObjectImage;
import org.dqmstream.image.SmallImageClassifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate particles|nova|objects}: a trained image bundle judged on labelled images it never saw. */
final class EvaluateImageCommands {
    private EvaluateImageCommands() {
    }

    /** Where the bundle and the report are, and how the fault check's lumisections are drawn. */
    static final class Common {
        @Option(names = "--model", paramLabel = "DIR", required = true, description = "The image bundle to evaluate.")
        Path model;

        @Option(names = "--out", paramLabel = "DIR", description = "Where CSV files and plots go (default: out/evaluation/<source>).")
        Path out;

        @Option(names = "--events-per-lumisection", defaultValue = "100",
                description = "Events per lumisection of the fault check (default: ${DEFAULT-VALUE}).")
        int eventsPerLumisection;

        @Option(names = "--seed", defaultValue = "1001",
                description = "Seed of generated data; keep it apart from the training seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--report", paramLabel = "DIR",
                description = "Write the CSV files and plots to DIR instead, with one self-contained HTML page of them "
                        + "(headline figures, tables such as the confusion matrices, every plot).")
        Path report;

        /** What the command printed, for the report page. */
        private final StringBuilder printed = new StringBuilder();

        Path out(ImageSource source) {
            return report != null ? report : out != null ? out : Path.of("out", "evaluation", source.id());
        }

        void print(String text) {
            System.out.print(text);
            printed.append(text);
        }

        /** The HTML page, when --report asked for one. */
        void page(String heading) throws Exception {
            if (report != null) {
                System.out.println("Report: " + HtmlReport.ofDirectory(report, heading, printed.toString())
                        .toAbsolutePath());
            }
        }

        /** The classifier figures (if the bundle has a small-image classifier) and the fault figures (if an autoencoder). */
        void evaluate(ImageSourceBundle bundle, List<? extends LabelledImage> images) throws Exception {
            Path dir = out(bundle.source());
            if (bundle.classifier() instanceof SmallImageClassifier c) {
                float[][] pixels = SmallImageClassifier.pixels(images);
                ClassificationEvaluation.Result asTrained = ClassificationEvaluation.evaluate(c.classes(), images,
                        c.balancedProbabilities(pixels), seed);
                ClassificationEvaluation.Result corrected = ClassificationEvaluation.evaluate(c.classes(), images,
                        c.probabilities(pixels), seed);
                print(ClassificationReport.text(asTrained, corrected));
                ClassificationReport.write(asTrained, corrected, dir);
            }
            faults(bundle, LabelledImage.charges(images));
        }

        void faults(ImageSourceBundle bundle, List<float[]> events) throws Exception {
            if (bundle.autoencoder() != null) {
                FaultAutoencoderOptions.report(bundle.autoencoder(), ImageFaultStudy.cycling(events, seed),
                        bundle.source(), eventsPerLumisection, seed, out(bundle.source()), new TreeMap<>());
            }
            System.out.println("Evaluation of " + bundle.version() + " written to " + out(bundle.source()));
            page(bundle.source().id() + " bundle " + bundle.version());
        }
    }

    @Command(name = "particles", mixinStandardHelpOptions = true,
            description = "Evaluate a particle bundle: per-type precision, recall, F1 and ROC AUC, macro-F1, log loss "
                    + "and confusion matrix as trained and prior-corrected, on the natural mix and a type-balanced "
                    + "subsample, with ROC and confusion plots; and the fault autoencoder per generator fault.")
    static final class Particles implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        TrainParticlesCommand.Source source;

        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            common.evaluate(ImageSourceBundle.load(common.model, ImageSource.PARTICLES), source.load(common.seed));
            return 0;
        }
    }

    @Command(name = "objects", mixinStandardHelpOptions = true,
            description = "Evaluate an object-image bundle on a labelled folder or generated cut-outs: per-class "
                    + "figures and plots as for particles, and the fault autoencoder per generator fault.")
    static final class Objects implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        TrainObjectsCommand.Source source;

        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            ImageSourceBundle bundle = ImageSourceBundle.load(common.model, ImageSource.OBJECTS);
            List<ObjectImage> images = source.load(common.seed);
            if (bundle.classifier() == null) {
                common.faults(bundle, images.stream().map(ObjectImage::charges).toList());
                return 0;
            }
            List<LabelledImage> labelled = new ArrayList<>(images.size());
            for (ObjectImage image : images) {
                labelled.add(image.labelled(labelled.size(), bundle.classifier().classes()));
            }
            common.evaluate(bundle, labelled);
            return 0;
        }
    }

    @Command(name = "nova", mixinStandardHelpOptions = true,
            description = "Evaluate a NOvA bundle on an HDF5 file or generated events: the numu-CC identifier's ROC "
                    + "AUC, efficiency versus background rejection, accuracy on the natural and a balanced mix, and "
                    + "efficiency by neutrino energy, lepton energy and interaction mode; and the fault autoencoder.")
    static final class Nova implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        TrainNovaCommand.Source source;

        @Mixin
        Common common;

        @Option(names = "--cut", defaultValue = "0.5", description = "Score cut for efficiencies (default: ${DEFAULT-VALUE}).")
        double cut;

        @Override
        public Integer call() throws Exception {
            ImageSourceBundle bundle = ImageSourceBundle.load(common.model, ImageSource.NOVA);
            List<NovaEvent> events = source.load(common.seed);
            if (bundle.classifier() instanceof NumuIdentifier identifier) {
                SignalEvaluation.Result r = NumuReport.evaluate(identifier, events, cut);
                common.print(NumuReport.text(r));
                NumuReport.write(r, common.out(ImageSource.NOVA));
            }
            common.faults(bundle, events.stream().map(NovaEvent::charges).toList());
            return 0;
        }
    }
}
