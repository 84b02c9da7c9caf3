package org.dqmstream.lumisection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LumisectionCsvTest {
    @TempDir
    Path dir;

    @Test
    void aShortRowFailsNamingItsLine() throws Exception {
        Path file = dir.resolve("short.csv");
        Files.writeString(file, "run,lumisection,timestamp,luminosity:minibias,events:minibias,"
                + "minibias_muons_eta_q1_p1,minibias_muons_eta_q1_p25\n"
                + "1,1,2010-10-01T00:00:00Z,1.5,100,0.1,0.2\n"
                + "1,2,2010-10-01T00:00:23Z,1.5,100,0.1\n");
        try (FeatureTable csv = FeatureTable.open(file)) {
            assertThat(csv.next().record().getLumisection()).isEqualTo(1);
            assertThatThrownBy(csv::next).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("short.csv line 3").hasMessageContaining("6 values, the header has 7");
        }
    }
}
