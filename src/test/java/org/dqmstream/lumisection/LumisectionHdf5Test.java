package org.dqmstream.lumisection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LumisectionHdf5Test {
    private static final List<String> NAMES = List.of("minibias_muons_eta_q1_p1", "minibias_muons_eta_q1_p25",
            "minibias_muons_phi_q2_mean", "muons_calo_pt_q5_p99", "photons_PF_mass_q3_std", "minibias_nEvents");

    @TempDir
    Path dir;

    /** Written by h5py-feature-table.py beside it: numpy's int64 and float64, gzip-compressed chunks. */
    @Test
    void readsATableAsH5pyWritesIt() throws Exception {
        Path file = dir.resolve("h5py-feature-table.h5");
        try (InputStream in = getClass().getResourceAsStream("h5py-feature-table.h5")) {
            Files.copy(in, file);
        }
        List<FeatureTable.Row> rows = new ArrayList<>();
        try (FeatureTable table = FeatureTable.open(file)) {
            assertThat(table.layout().names()).isEqualTo(NAMES);
            assertThat(table.labelled()).isTrue();
            assertThat(table.size()).isEqualTo(5);
            table.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(5);
        for (int i = 0; i < 5; i++) {
            LumisectionFeatures r = rows.get(i).record();
            assertThat(r.getRun()).isEqualTo(146274);
            assertThat(r.getLumisection()).isEqualTo(i + 1);
            assertThat(r.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1285891200000L + 23310L * i));
            assertThat(r.getLayoutId()).isEqualTo(FeatureLayout.parse(NAMES).id());
            float[] expected = new float[NAMES.size()];
            for (int j = 0; j < expected.length; j++) {
                expected[j] = (float) (i + j / 10.0);
            }
            assertThat(PackedFloats.unpack(r.getFeatures())).as("row %d", i).containsExactly(expected);
            assertThat(r.getStreams()).containsExactly(new StreamConditions("minibias", 1.5f + i, 1000L * (i + 1)),
                    new StreamConditions("muons", 0.5f, 20L));
        }
        assertThat(rows).extracting(FeatureTable.Row::badSubsystems).containsExactly(List.of(), List.of("Muon"),
                List.of(), List.of("Ecal", "Hcal"), List.of());
    }

    @Test
    void readsRowsAcrossSlicesInOrder() throws Exception {
        FeatureLayout layout = FeatureLayout.parse(NAMES);
        LumisectionGenerator generator = new LumisectionGenerator(FeatureLayout.standard(), GeneratorSettings.defaults(5));
        List<LumisectionFeatures> records = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            LumisectionFeatures g = generator.next().record();
            float[] values = new float[layout.size()];
            Arrays.fill(values, i);
            records.add(new LumisectionFeatures(g.getRun(), i + 1, g.getTimestamp(), List.of(), layout.id(),
                    values.length, PackedFloats.pack(values)));
        }
        Path file = dir.resolve("long.h5");
        FeatureTable.write(file, layout, records, null);

        List<LumisectionFeatures> read = new ArrayList<>();
        try (FeatureTable table = FeatureTable.open(file)) {
            assertThat(table.labelled()).isFalse();
            table.forEachRemaining(r -> read.add(r.record()));
        }
        assertThat(read).isEqualTo(records);
    }

    @Test
    void eachBrokenTableFailsNamingWhatIsWrong() throws Exception {
        assertThat(failure("no-run.h5", hdf -> {
            hdf.putDataset("lumisection", new int[] {1, 2});
            hdf.putDataset("timestamp", new long[] {0, 1});
            hdf.putDataset("feature_names", NAMES.subList(0, 2).toArray(String[]::new));
            hdf.putDataset("features", new float[][] {{1, 2}, {3, 4}});
        })).contains("no-run.h5").contains("no dataset 'run'");
        assertThat(failure("short-names.h5", hdf -> {
            hdf.putDataset("feature_names", NAMES.subList(0, 1).toArray(String[]::new));
            hdf.putDataset("features", new float[][] {{1, 2}, {3, 4}});
        })).contains("feature_names has shape [1], expected [2] like the columns of features");
        assertThat(failure("unknown-feature.h5", hdf -> {
            hdf.putDataset("feature_names", new String[] {"minibias_muons_eta_q1_p1", "minibias_muons_spin_q1_p1"});
            hdf.putDataset("features", new float[][] {{1, 2}, {3, 4}});
        })).contains("feature_names: ").contains("spin");
        assertThat(failure("short-labels.h5", hdf -> {
            hdf.putDataset("run", new int[] {1, 1});
            hdf.putDataset("lumisection", new int[] {1, 2});
            hdf.putDataset("timestamp", new long[] {0, 1});
            hdf.putDataset("feature_names", NAMES.subList(0, 2).toArray(String[]::new));
            hdf.putDataset("features", new float[][] {{1, 2}, {3, 4}});
            hdf.putDataset("bad_subsystems", new String[] {"Muon"});
        })).contains("bad_subsystems has shape [1], expected [2] like the rows of features");
        assertThat(failure("stream-matrix.h5", hdf -> {
            hdf.putDataset("run", new int[] {1, 1});
            hdf.putDataset("lumisection", new int[] {1, 2});
            hdf.putDataset("timestamp", new long[] {0, 1});
            hdf.putDataset("feature_names", NAMES.subList(0, 2).toArray(String[]::new));
            hdf.putDataset("features", new float[][] {{1, 2}, {3, 4}});
            hdf.putDataset("streams", new String[][] {{"minibias"}, {"muons"}});
        })).contains("streams has shape [2, 1], expected [streams]");

        Path text = dir.resolve("text.h5");
        Files.writeString(text, "run,lumisection\n1,1\n");
        assertThatThrownBy(() -> FeatureTable.open(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("text.h5: not a readable HDF5 file");
    }

    /** The message of opening a file with {@code datasets}, which must fail. */
    private String failure(String name, Consumer<WritableHdfFile> datasets) {
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            datasets.accept(hdf);
        }
        try (FeatureTable table = FeatureTable.open(file)) {
            throw new AssertionError(name + " opened as a table of " + table.size() + " rows");
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
