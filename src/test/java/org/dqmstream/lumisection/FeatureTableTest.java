package org.dqmstream.lumisection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** What both formats of a feature table must do; each format's own cases are in its own test. */
class FeatureTableTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"csv", "h5"})
    void aWrittenTableReadsBackAsTheSameRecordsWithTheirLabels(String format) throws Exception {
        FeatureLayout layout = FeatureLayout.standard();
        List<GeneratedLumisection> generated = new LumisectionGenerator(layout,
                GeneratorSettings.defaults(3).withFaultFraction(0.5)).take(20);
        Path file = dir.resolve("lumisections." + format);
        FeatureTable.write(file, layout, generated.stream().map(GeneratedLumisection::record).toList(),
                generated.stream().map(GeneratedLumisection::badSubsystems).toList());

        List<FeatureTable.Row> rows = new ArrayList<>();
        try (FeatureTable table = FeatureTable.open(file)) {
            assertThat(table.layout().id()).isEqualTo(layout.id());
            assertThat(table.labelled()).isTrue();
            assertThat(table.size()).isEqualTo(generated.size());
            table.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(generated.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).record()).as("row %d", i).isEqualTo(generated.get(i).record());
            assertThat(rows.get(i).badSubsystems()).containsExactlyInAnyOrderElementsOf(generated.get(i).badSubsystems());
        }
        assertThat(rows).anyMatch(r -> !r.badSubsystems().isEmpty()).anyMatch(r -> r.badSubsystems().isEmpty());
    }
}
