package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticleImageCsvTest {
    @TempDir
    Path dir;

    private static String pixelHeader() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            b.append(i == 0 ? "" : ",").append('p').append(i);
        }
        return b.toString();
    }

    private static String pixels(int first) {
        return first + ",0".repeat(99);
    }

    @Test
    void roundTripsThroughGzippedCsv() throws IOException {
        List<ParticleImage> images = new ParticleImageGenerator(3, 10).take(60);
        Path file = dir.resolve("p.csv.gz");
        ParticleImageCsv.write(file, images);
        List<ParticleImage> back = ParticleImageCsv.read(file);
        assertThat(back).hasSize(60);
        for (int i = 0; i < images.size(); i++) {
            assertThat(back.get(i).type()).isEqualTo(images.get(i).type());
            assertThat(back.get(i).event()).isEqualTo(images.get(i).event());
            assertThat(back.get(i).pixels()).isEqualTo(images.get(i).pixels());
        }
    }

    @Test
    void readsTheLabelColumnLayoutWithoutEvents() throws IOException {
        Path file = Files.writeString(dir.resolve("l.csv"), pixelHeader() + ",label\n" + pixels(5) + ",13\n"
                + pixels(12) + ",-2212\n");
        List<ParticleImage> images = ParticleImageCsv.read(file);
        assertThat(images).extracting(ParticleImage::type).containsExactly(ParticleType.MUON, ParticleType.PROTON);
        assertThat(images.get(1).pixels()[0]).isEqualTo((byte) 12);
        assertThat(images).extracting(ParticleImage::event).as("each row its own event").doesNotHaveDuplicates();
    }

    @Test
    void saysWhatIsWrongAndWhere() throws IOException {
        Path noLabel = Files.writeString(dir.resolve("a.csv"), pixelHeader() + "\n" + pixels(1) + "\n");
        assertThatThrownBy(() -> ParticleImageCsv.read(noLabel)).hasMessageContaining("no 'pdg' or 'label' column");
        Path missingPixel = Files.writeString(dir.resolve("b.csv"), "pdg,p0\n211,1\n");
        assertThatThrownBy(() -> ParticleImageCsv.read(missingPixel)).hasMessageContaining("no pixel column 'p1'");
        Path badPdg = Files.writeString(dir.resolve("c.csv"), "pdg," + pixelHeader() + "\n22," + pixels(1) + "\n");
        assertThatThrownBy(() -> ParticleImageCsv.read(badPdg)).hasMessageContaining("line 2")
                .hasMessageContaining("PDG code 22");
        Path negative = Files.writeString(dir.resolve("d.csv"), "pdg," + pixelHeader() + "\n211," + pixels(-4) + "\n");
        assertThatThrownBy(() -> ParticleImageCsv.read(negative)).hasMessageContaining("p0 = -4");
        Path empty = Files.writeString(dir.resolve("e.csv"), "");
        assertThatThrownBy(() -> ParticleImageCsv.read(empty)).hasMessageContaining("empty");
    }
}
