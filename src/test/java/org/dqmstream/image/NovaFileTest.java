package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NovaFileTest {
    @TempDir
    Path dir;

    @Test
    void readsBackTheCvnLayoutItWrites() throws Exception {
        List<NovaEvent> events = new NovaEventGenerator(5).take(700); // more than one read slice
        Path file = dir.resolve("nova.h5");
        NovaFile.write(file, events);

        try (HdfFile hdf = new HdfFile(file)) {
            assertThat(hdf.getDatasetByPath("cvnmap").getDimensions()).containsExactly(700, 16_000);
            assertThat(hdf.getDatasetByPath("neutrino/nuenergy").getDimensions()).containsExactly(700);
        }
        List<NovaEvent> back = NovaFile.readAll(file);
        assertThat(back).hasSize(700);
        for (int i = 0; i < events.size(); i += 97) {
            NovaEvent a = events.get(i), b = back.get(i);
            assertThat(b.pixels()).isEqualTo(a.pixels());
            assertThat(b.interaction()).isEqualTo(a.interaction());
            assertThat(b.finalState()).isEqualTo(a.finalState());
            assertThat(b.neutrinoEnergy()).isEqualTo(a.neutrinoEnergy());
            assertThat(b.leptonEnergy()).isEqualTo(a.leptonEnergy());
        }
        assertThat(back.get(699).pixels()).isEqualTo(events.get(699).pixels());
    }

    /** Written by h5py-nova.py beside it: chunked, compressed, the last chunk partial. */
    @Test
    void readsEveryEventOfAChunkedH5pyFile() throws Exception {
        Path file = dir.resolve("h5py-nova.h5");
        try (InputStream in = getClass().getResourceAsStream("h5py-nova.h5")) {
            Files.copy(in, file);
        }
        List<NovaEvent> events = NovaFile.readAll(file);
        assertThat(events).hasSize(3);
        for (int i = 0; i < 3; i++) {
            byte[] expected = new byte[NovaEvent.PIXELS];
            Arrays.fill(expected, (byte) (i + 1));
            assertThat(events.get(i).pixels()).as("event %d", i).isEqualTo(expected);
        }
        assertThat(events).extracting(NovaEvent::interaction).containsExactly(NovaInteraction.ofCode(0),
                NovaInteraction.ofCode(1), NovaInteraction.NC);
        assertThat(events).extracting(NovaEvent::neutrinoEnergy).containsExactly(1.5f, 2.0f, 2.5f);
    }

    @Test
    void namesWhatTheFileLacks() {
        Path noTruth = dir.resolve("no-truth.h5");
        try (WritableHdfFile hdf = HdfFile.write(noTruth)) {
            hdf.putDataset("cvnmap", new byte[2][16_000]);
        }
        assertThatThrownBy(() -> NovaFile.readAll(noTruth)).hasMessageContaining("no dataset 'neutrino/interaction'");

        Path wrongShape = dir.resolve("wrong.h5");
        try (WritableHdfFile hdf = HdfFile.write(wrongShape)) {
            hdf.putDataset("cvnmap", new byte[2][100]);
        }
        assertThatThrownBy(() -> NovaFile.readAll(wrongShape)).hasMessageContaining("shape [2, 100]")
                .hasMessageContaining("expected [events, 16000]");
    }

    @Test
    void interactionCodesFollowNova() {
        assertThat(NovaInteraction.ofCode(2)).isEqualTo(NovaInteraction.NUMU_CC_DIS);
        assertThat(NovaInteraction.ofCode(2).mode()).isEqualTo("DIS");
        assertThat(NovaInteraction.ofCode(5).isNueCC()).isTrue();
        assertThat(NovaInteraction.ofCode(13)).isEqualTo(NovaInteraction.NC);
        assertThat(NovaInteraction.NC.mode()).isNull();
        assertThat(NovaInteraction.ofCode(14)).isEqualTo(NovaInteraction.COSMIC);
        assertThatThrownBy(() -> NovaInteraction.ofCode(16)).hasMessageContaining("outside 0..15");
    }
}
