package org.dqmstream.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.RunLedger;
import org.dqmstream.records.VerdictKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificationExportTest {
    @TempDir
    Path dir;

    @Test
    void goldenJsonReadsBackToTheSameLumisectionsAndTheCombinedFileIsWhereAllAreGood() throws Exception {
        RunLedger ledger = RunCertifierTest.ledger();
        ledger.getVerdicts().add(RunCertifierTest.verdict(6, 6, VerdictKind.CONFIRMED));
        SubsystemLevels muon = SubsystemLevels.empty();
        for (int ls = 1; ls <= 10; ls++) {
            muon.record(ls, ls == 2 ? FlagLevel.BAD : FlagLevel.GOOD, "muon chambers off");
        }
        RunCertification run = RunCertifier.certify(ledger, Map.of("Hcal", RunCertifierTest.levels(), "Muon", muon),
                new CertificationPolicy(true, 1), 5);

        List<Path> written = CertificationExport.write(List.of(run), dir, List.of("Muon", "Hcal"));

        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("Hcal.json", "Muon.json",
                "good-for-Hcal+Muon.json", "run-summary.csv", "run-summary.html");
        Certification hcal = Certification.read(dir.resolve("Hcal.json"));
        assertThat(good(hcal)).containsExactly(1, 2, 3, 7, 8, 10);
        assertThat(good(Certification.read(dir.resolve("Muon.json")))).containsExactly(1, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(good(Certification.read(dir.resolve("good-for-Hcal+Muon.json")))).containsExactly(1, 3, 7, 8, 10);
        List<String> csv = Files.readAllLines(dir.resolve(CertificationExport.SUMMARY_CSV));
        assertThat(csv.get(0)).isEqualTo("run,start,end,subsystem,open,lumisections,good,goodFraction,"
                + "monitorGoodFraction,badRanges,verdicts");
        assertThat(csv).anySatisfy(line -> assertThat(line).startsWith("320000,1970-01-01T00:00:01Z,"
                + "1970-01-01T00:00:10Z,Hcal,true,10,6,")
                .contains("4-5: reason at 4; 6-6: CONFIRMED by alice: seen on the hit map"));
        assertThat(Files.readString(dir.resolve(CertificationExport.SUMMARY_HTML))).contains("<table")
                .contains("muon chambers off");

        assertThatThrownBy(() -> CertificationExport.write(List.of(run), dir, List.of("Pix")))
                .hasMessageContaining("no certification for [Pix]");
    }

    private static List<Integer> good(Certification c) {
        return java.util.stream.IntStream.rangeClosed(1, 10).filter(ls -> c.isGood(new LumisectionId(320_000, ls)))
                .boxed().toList();
    }
}
