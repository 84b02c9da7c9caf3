package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectImageFolderTest {
    @TempDir
    Path dir;

    @Test
    void readsImagesOfAnySizeWithTheirLabelsResizedToTheModelSquare() throws IOException {
        List<ObjectImageGenerator.Drawn> drawn = List.of(new ObjectImageGenerator(1).draw(),
                new ObjectImageGenerator(2).draw(), new ObjectImageGenerator(3).draw());
        assertThat(drawn).extracting(d -> d.image().getWidth()).doesNotHaveDuplicates();
        ObjectImageFolder.write(dir, drawn);
        List<ObjectImage> read = ObjectImageFolder.read(dir, dir.resolve(ObjectImageFolder.LABELS));
        assertThat(read).extracting(ObjectImage::label).containsExactlyElementsOf(
                drawn.stream().map(ObjectImageGenerator.Drawn::label).toList());
        assertThat(read).allSatisfy(o -> {
            assertThat(o.pixels()).hasSize(ObjectImage.SIDE * ObjectImage.SIDE);
            // A bright object on a dark background survives the resize.
            float[] c = o.charges();
            float centre = c[ObjectImage.SIDE / 2 * ObjectImage.SIDE + ObjectImage.SIDE / 2];
            assertThat(centre).isGreaterThan(c[0] + 50);
        });
    }

    @Test
    void aFileThatIsNoImageOrAMissingColumnIsNamed() throws IOException {
        Files.writeString(dir.resolve("broken.png"), "not a png");
        Files.writeString(dir.resolve("labels.csv"), "file,label\nbroken.png,cell\n");
        assertThatThrownBy(() -> ObjectImageFolder.read(dir, dir.resolve("labels.csv")))
                .isInstanceOf(IOException.class).hasMessageContaining("broken.png").hasMessageContaining("line 2");
        Files.writeString(dir.resolve("labels2.csv"), "file,kind\nbroken.png,cell\n");
        assertThatThrownBy(() -> ObjectImageFolder.read(dir, dir.resolve("labels2.csv")))
                .isInstanceOf(IOException.class).hasMessageContaining("'file' and 'label'");
        Files.writeString(dir.resolve("labels3.csv"), "file,label\n../escape.png,cell\n");
        assertThatThrownBy(() -> ObjectImageFolder.read(dir, dir.resolve("labels3.csv")))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
    }

    @Test
    void theGeneratorDrawsEveryLabel() {
        assertThat(new ObjectImageGenerator(4).take(60)).extracting(ObjectImage::label)
                .containsAll(ObjectImageGenerator.LABELS);
    }
}
