package org.dqmstream.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dqmstream.lumisection.LumisectionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificationTest {
    private static final Path CMS_2010 =
            Path.of("../shared/data/cms/Cert_136033-149442_7TeV_Apr21ReReco_Collisions10_JSON_v2.txt");

    @TempDir
    Path dir;

    @Test
    void readsTheRealCms2010GoldenJson() throws IOException {
        assumeTrue(Files.exists(CMS_2010), "skipped: " + CMS_2010 + " (shared real data) is not present");
        Certification golden = Certification.read(CMS_2010);
        assertThat(golden.runs()).hasSize(273);
        assertThat(golden.lumisectionCount()).isEqualTo(74_596);
        int firstRun = golden.runs().iterator().next();
        Certification.LumiRange first = golden.ranges(firstRun).get(0);
        assertThat(golden.isGood(firstRun, first.first())).isTrue();
        assertThat(golden.isGood(firstRun, first.last())).isTrue();
        assertThat(golden.isGood(firstRun, first.last() + 1)).isEqualTo(
                golden.ranges(firstRun).stream().anyMatch(r -> r.first() <= first.last() + 1 && first.last() + 1 <= r.last()));

        Path copy = dir.resolve("copy.json");
        golden.write(copy);
        Certification again = Certification.read(copy);
        assertThat(again.runs()).containsExactlyElementsOf(golden.runs());
        assertThat(again.lumisectionCount()).isEqualTo(golden.lumisectionCount());
    }

    @Test
    void buildsMinimalRangesFromGoodLumisections() throws IOException {
        Certification c = Certification.ofGood(List.of(new LumisectionId(7, 3), new LumisectionId(7, 1),
                new LumisectionId(7, 2), new LumisectionId(7, 5), new LumisectionId(9, 1)));
        assertThat(c.ranges(7)).containsExactly(new Certification.LumiRange(1, 3), new Certification.LumiRange(5, 5));
        assertThat(c.isGood(7, 4)).isFalse();
        assertThat(c.isGood(8, 1)).isFalse();
        Path file = dir.resolve("c.json");
        c.write(file);
        assertThat(Files.readString(file)).isEqualTo("{\"7\":[[1,3],[5,5]],\"9\":[[1,1]]}");
    }

    @Test
    void rejectsMalformedFilesWithTheReason() throws IOException {
        Path notJson = Files.writeString(dir.resolve("a.json"), "{\"1\": [[1, 2]");
        assertThatThrownBy(() -> Certification.read(notJson)).hasMessageContaining("not a golden JSON");
        Path badRange = Files.writeString(dir.resolve("b.json"), "{\"1\": [[5, 2]]}");
        assertThatThrownBy(() -> Certification.read(badRange)).hasMessageContaining("run 1").hasMessageContaining("[5, 2]");
        Path badRun = Files.writeString(dir.resolve("c.json"), "{\"x\": [[1, 2]]}");
        assertThatThrownBy(() -> Certification.read(badRun)).hasMessageContaining("run key 'x'");
        Path triple = Files.writeString(dir.resolve("d.json"), "{\"1\": [[1, 2, 3]]}");
        assertThatThrownBy(() -> Certification.read(triple)).hasMessageContaining("expected [first, last]");
    }
}
