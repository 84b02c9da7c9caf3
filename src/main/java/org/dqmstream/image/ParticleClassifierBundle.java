package org.dqmstream.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A particle-image classifier as a directory: {@code network.zip} (DL4J) and {@code manifest.json}
 * with its version, classes, input shape, test figures, and the reference of healthy lumisections that
 * per-lumisection image checks compare against.
 */
public record ParticleClassifierBundle(String version, ParticleClassifier classifier, ImageReference reference) {
    static final String KIND = "particle-classifier";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Manifest(String kind, String version, String createdAt, List<Integer> classes, List<Integer> inputShape,
                    double testMacroF1, double testLogLossBalanced, ImageReference reference) {
    }

    public static ParticleClassifierBundle create(ParticleClassifier classifier, ImageReference reference) {
        return new ParticleClassifierBundle("particles-" + Instant.now().toString().replace(":", ""), classifier,
                reference);
    }

    public void save(Path dir, double testMacroF1, double testLogLossBalanced) throws IOException {
        Files.createDirectories(dir);
        ModelSerializer.writeModel(classifier.network(), dir.resolve("network.zip").toFile(), false);
        JSON.writeValue(dir.resolve("manifest.json").toFile(), new Manifest(KIND, version, Instant.now().toString(),
                Arrays.stream(ParticleType.values()).map(ParticleType::pdg).toList(),
                List.of(1, ParticleImage.SIDE, ParticleImage.SIDE), testMacroF1, testLogLossBalanced, reference));
    }

    public static ParticleClassifierBundle load(Path dir) throws IOException {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.exists(manifestFile)) {
            throw new IOException("no particle classifier at " + dir + " (missing manifest.json)");
        }
        Manifest m = JSON.readValue(manifestFile.toFile(), Manifest.class);
        if (!KIND.equals(m.kind())) {
            throw new IOException(dir + ": bundle kind '" + m.kind() + "', expected '" + KIND + "'");
        }
        List<Integer> expected = Arrays.stream(ParticleType.values()).map(ParticleType::pdg).toList();
        if (!expected.equals(m.classes())) {
            throw new IOException(dir + ": classes " + m.classes() + ", this build knows " + expected);
        }
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("network.zip").toFile(), false);
        return new ParticleClassifierBundle(m.version(), new ParticleClassifier(network), m.reference());
    }
}
