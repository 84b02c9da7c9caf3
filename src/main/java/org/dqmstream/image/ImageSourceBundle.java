package org.dqmstream.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.dqmstream.model.DataFingerprint;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Everything the image stream needs for one source, as a directory: {@code manifest.json} (source,
 * version, shape, class names, the healthy-lumisection reference of the classifier, the autoencoder's
 * calibration, test figures) with {@code classifier.zip} and {@code autoencoder.zip} (DL4J). Either
 * model may be missing: a source can be checked for its class mix, its detector faults, or both.
 *
 * @param classifier null when the source has no classifier; then {@code reference} is null too
 * @param autoencoder null when the source has no fault autoencoder
 */
public record ImageSourceBundle(ImageSource source, String version, ImageClassifier classifier,
                                ImageReference reference, ImageAutoencoder autoencoder, Map<String, Double> metrics,
                                String dataFingerprint) {
    static final String KIND = "image-source";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ImageSourceBundle {
        if (classifier == null && autoencoder == null) {
            throw new IllegalArgumentException(source.id() + ": a bundle needs a classifier, an autoencoder, or both");
        }
        if ((classifier == null) != (reference == null)) {
            throw new IllegalArgumentException(source.id() + ": a classifier comes with its reference, and only then");
        }
        if (autoencoder != null && !autoencoder.calibration().shape().equals(source.shape())) {
            throw new IllegalArgumentException(source.id() + ": autoencoder takes " + autoencoder.calibration().shape()
                    + ", the source's images are " + source.shape());
        }
    }

    /**
     * @param classifierKind how to read {@code classifier.zip}: a small-image classifier or the numu identifier
     * @param classifierSpec the small-image classifier's classes, input scale and deployment priors
     */
    record Manifest(String kind, String source, String version, String createdAt, ImageShape shape,
                    String classifierKind, List<String> classes, SmallImageClassifier.Spec classifierSpec,
                    ImageReference reference,
                    ImageAutoencoder.Calibration autoencoder, Map<String, Double> metrics, String dataFingerprint) {
    }

    /** A new bundle; {@code trainingData} are the images its models were trained (or calibrated) on. */
    public static ImageSourceBundle create(ImageSource source, ImageClassifier classifier, ImageReference reference,
                                           ImageAutoencoder autoencoder, Map<String, Double> metrics,
                                           List<float[]> trainingData) {
        return new ImageSourceBundle(source, source.id() + "-" + Instant.now().toString().replace(":", ""), classifier,
                reference, autoencoder, Map.copyOf(metrics), DataFingerprint.ofRows(trainingData));
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        String classifierKind = null;
        SmallImageClassifier.Spec spec = null;
        if (classifier != null) {
            Model network;
            if (classifier instanceof SmallImageClassifier c) {
                network = c.network();
                spec = c.spec();
                classifierKind = "small-cnn";
            } else if (classifier instanceof NumuIdentifier n) {
                network = n.network();
                classifierKind = "numu";
            } else {
                throw new IllegalStateException("cannot save a " + classifier.getClass().getSimpleName());
            }
            ModelSerializer.writeModel(network, dir.resolve("classifier.zip").toFile(), false);
        }
        if (autoencoder != null) {
            ModelSerializer.writeModel(autoencoder.network(), dir.resolve("autoencoder.zip").toFile(), false);
        }
        JSON.writeValue(dir.resolve("manifest.json").toFile(), new Manifest(KIND, source.id(), version,
                Instant.now().toString(), source.shape(), classifierKind, classifier == null ? null : classifier.classes(),
                spec, reference, autoencoder == null ? null : autoencoder.calibration(), metrics, dataFingerprint));
    }

    /** Loads a bundle, refusing one for another source or shape than {@code expected} with a clear message. */
    public static ImageSourceBundle load(Path dir, ImageSource expected) throws IOException {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.exists(manifestFile)) {
            throw new IOException("no image model bundle at " + dir + " (missing manifest.json)");
        }
        Manifest m = JSON.readValue(manifestFile.toFile(), Manifest.class);
        if (!KIND.equals(m.kind())) {
            throw new IOException(dir + ": bundle kind '" + m.kind() + "', expected '" + KIND + "'");
        }
        if (!expected.id().equals(m.source()) || !expected.shape().equals(m.shape())) {
            throw new IOException(dir + ": a bundle for source '" + m.source() + "' (" + m.shape()
                    + "), but it is configured for '" + expected.id() + "' (" + expected.shape() + ")");
        }
        ImageClassifier classifier = null;
        if (m.classifierKind() != null) {
            File file = dir.resolve("classifier.zip").toFile();
            classifier = switch (m.classifierKind()) {
                case "small-cnn" -> {
                    if (m.classifierSpec() == null || !m.classifierSpec().shape().equals(expected.shape())) {
                        throw new IOException(dir + ": the classifier's input is " + (m.classifierSpec() == null
                                ? "not described" : m.classifierSpec().shape()) + ", the source's images are "
                                + expected.shape());
                    }
                    yield new SmallImageClassifier(ModelSerializer.restoreMultiLayerNetwork(file, false),
                            m.classifierSpec());
                }
                case "numu" -> new NumuIdentifier(ModelSerializer.restoreComputationGraph(file, false));
                default -> throw new IOException(dir + ": unknown classifier kind '" + m.classifierKind() + "'");
            };
            if (!classifier.classes().equals(m.classes())) {
                throw new IOException(dir + ": classes " + m.classes() + ", this build knows " + classifier.classes());
            }
        }
        ImageAutoencoder autoencoder = m.autoencoder() == null ? null : new ImageAutoencoder(
                ModelSerializer.restoreMultiLayerNetwork(dir.resolve("autoencoder.zip").toFile(), false), m.autoencoder());
        try {
            return new ImageSourceBundle(expected, m.version(), classifier, m.reference(), autoencoder,
                    m.metrics() == null ? Map.of() : m.metrics(), m.dataFingerprint());
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
    }
}
