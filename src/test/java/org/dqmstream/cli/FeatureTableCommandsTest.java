package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dqmstream.cli.Commands.concat;
import static org.dqmstream.cli.Commands.fails;
import static org.dqmstream.cli.Commands.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dqmstream.TestModels;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.lumisection.FeatureTable;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data-quality expert's path with real data: a labelled lumisection feature table (here written by
 * 'generate --table', with its certification as golden JSON) is trained on with 'train --data' and another
 * is judged with 'evaluate --data', by its bad_subsystems labels or by the certification files. The
 * training table is CSV, the evaluation table HDF5.
 */
class FeatureTableCommandsTest {
    /** Rates a few hundred good lumisections can calibrate (the default BAD rate needs 667). */
    private static final String[] SMALL_CALIBRATION = {"-D", "training.warning-false-alarm-rate=0.05",
        "-D", "training.bad-false-alarm-rate=0.05"};

    @TempDir
    Path dir;

    @Test
    void trainsOnATableAndEvaluatesAnotherByItsLabelsOrItsCertification() throws Exception {
        Path training = dir.resolve("training.csv");
        run("generate", "--table", training.toString(), "--certification", dir.resolve("training-cert").toString(),
                "--lumisections", "900", "-D", "generator.seed=3");
        run(concat(new String[] {"train", "--data", training.toString(), "--certification",
            dir.resolve("training-cert").toString(), "--epochs", "4", "--out", dir.resolve("model").toString()},
                SMALL_CALIBRATION));
        ModelBundle bundle = ModelBundle.load(dir.resolve("model"));
        int good = LabelledLumisections.read(training, dir.resolve("training-cert"), bundle.subsystems().subsystems())
                .goodForAll().size();
        assertThat(bundle.training().trainingLumisections() + bundle.training().holdoutLumisections())
                .isEqualTo(good);

        Path evaluation = dir.resolve("evaluation.h5");
        run("generate", "--table", evaluation.toString(), "--lumisections", "600", "-D", "generator.seed=4",
                "-D", "generator.fault-fraction=0.3");
        run("evaluate", "--model", dir.resolve("model").toString(), "--data", evaluation.toString(), "--out",
                dir.resolve("by-column").toString());
        assertThat(Files.readAllLines(dir.resolve("by-column").resolve("summary.csv")).get(1)).startsWith("600,");
        List<String> subsystems = Files.readAllLines(dir.resolve("by-column").resolve("subsystems.csv"));
        double meanAuc = subsystems.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[3]))
                .average().orElseThrow();
        assertThat(meanAuc).as("mean subsystem AUC of the model trained on the table").isGreaterThan(0.7);

        // The labels the first evaluation used, as golden JSON, give the same evaluation.
        run("evaluate", "--model", dir.resolve("model").toString(), "--data", evaluation.toString(),
                "--certification", dir.resolve("by-column").resolve("certification").toString(), "--out",
                dir.resolve("by-certification").toString());
        assertThat(Files.readAllLines(dir.resolve("by-certification").resolve("subsystems.csv")))
                .isEqualTo(subsystems);
    }

    @Test
    void refusesATableWithoutLabelsAndOneOfAnotherLayout() throws Exception {
        FeatureLayout standard = FeatureLayout.standard();
        List<GeneratedLumisection> generated = new LumisectionGenerator(standard, GeneratorSettings.defaults(8))
                .take(20);
        Path unlabelled = dir.resolve("unlabelled.h5");
        FeatureTable.write(unlabelled, standard, generated.stream().map(GeneratedLumisection::record).toList(),
                null);
        assertThat(fails("train", "--data", unlabelled.toString())).contains("no bad_subsystems labels");
        assertThat(fails("train", "--certification", dir.toString())).contains("give the table too");

        FeatureLayout other = FeatureLayout.parse(standard.names().subList(0, 300));
        Path narrow = dir.resolve("narrow.csv");
        FeatureTable.write(narrow, other, generated.stream().map(g -> narrowed(g, other)).toList(),
                generated.stream().map(GeneratedLumisection::badSubsystems).toList());
        Path model = dir.resolve("model");
        TestModels.bundle().save(model);
        assertThat(fails("evaluate", "--model", model.toString(), "--data", narrow.toString()))
                .contains("has feature layout " + other.id()).contains("(300 features)");
    }

    /** The record's first features only, as a table of a narrower layout would carry them. */
    private static LumisectionFeatures narrowed(GeneratedLumisection g, FeatureLayout layout) {
        float[] kept = Arrays.copyOf(PackedFloats.unpack(g.record().getFeatures()), layout.size());
        LumisectionFeatures r = g.record();
        return new LumisectionFeatures(r.getRun(), r.getLumisection(), r.getTimestamp(), r.getStreams(), layout.id(),
                kept.length, PackedFloats.pack(kept));
    }
}
