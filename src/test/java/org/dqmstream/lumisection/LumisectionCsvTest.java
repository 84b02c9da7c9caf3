package org.dqmstream.lumisection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LumisectionCsvTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenTableReadsBackAsTheSameRecordsWithTheirLabels() throws Exception {
        FeatureLayout layout = FeatureLayout.standard();
        List<GeneratedLumisection> generated = new LumisectionGenerator(layout,
                GeneratorSettings.defaults(3).withFaultFraction(0.5)).take(20);
        Path file = dir.resolve("lumisections.csv");
        LumisectionCsv.write(file, layout, generated.stream().map(GeneratedLumisection::record).toList(),
                generated.stream().map(GeneratedLumisection::badSubsystems).toList());

        List<LumisectionCsv.Row> rows = new ArrayList<>();
        try (LumisectionCsv.Rows csv = LumisectionCsv.open(file)) {
            assertThat(csv.layout().id()).isEqualTo(layout.id());
            csv.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(generated.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).record()).as("row %d", i).isEqualTo(generated.get(i).record());
            assertThat(rows.get(i).badSubsystems()).containsExactlyInAnyOrderElementsOf(generated.get(i).badSubsystems());
        }
        assertThat(rows).anyMatch(r -> !r.badSubsystems().isEmpty()).anyMatch(r -> r.badSubsystems().isEmpty());
    }

    @Test
    void aShortRowFailsNamingItsLine() throws Exception {
        Path file = dir.resolve("short.csv");
        Files.writeString(file, "run,lumisection,timestamp,luminosity:minibias,events:minibias,"
                + "minibias_muons_eta_q1_p1,minibias_muons_eta_q1_p25\n"
                + "1,1,2010-10-01T00:00:00Z,1.5,100,0.1,0.2\n"
                + "1,2,2010-10-01T00:00:23Z,1.5,100,0.1\n");
        try (LumisectionCsv.Rows csv = LumisectionCsv.open(file)) {
            assertThat(csv.next().record().getLumisection()).isEqualTo(1);
            assertThatThrownBy(csv::next).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("short.csv line 3").hasMessageContaining("6 values, the header has 7");
        }
    }
}
