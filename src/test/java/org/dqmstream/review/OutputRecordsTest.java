package org.dqmstream.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.records.AppliedPolicy;
import org.dqmstream.records.BadRange;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.LumisectionRange;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemCertification;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.records.VerdictKind;
import org.junit.jupiter.api.Test;

class OutputRecordsTest {
    private static final OutputRecords.Filter ALL = OutputRecords.Filter.ALL;

    @Test
    void aFlagIsOneLineAndTheFilterPicksByRunSubsystemAndLevel() {
        byte[] flag = AvroRecords.encode(new SubsystemFlag(355_100, 42, Instant.parse("2026-12-07T10:00:00Z"), "Hcal",
                FlagLevel.BAD, 3.25, 1.0, 2.0, "v7", "lumisection", List.of(), "Hcal BAD: score 3.25 >= 2.00",
                "autoencoder"));
        OutputRecords.Kind flags = OutputRecords.Kind.ofId("flags");
        assertThat(flags.line(flag, ALL)).hasValue("2026-12-07T10:00:00Z run 355100 LS 42 Hcal     BAD     score 3.25 "
                + "(autoencoder, model v7): Hcal BAD: score 3.25 >= 2.00");
        assertThat(flags.line(flag, new OutputRecords.Filter(355_100, "hcal", FlagLevel.BAD))).isPresent();
        assertThat(flags.line(flag, new OutputRecords.Filter(355_101, null, null))).isEmpty();
        assertThat(flags.line(flag, new OutputRecords.Filter(null, "Ecal", null))).isEmpty();
        assertThat(flags.line(flag, new OutputRecords.Filter(null, null, FlagLevel.WARNING))).isEmpty();
        assertThat(flags.line("not avro".getBytes(StandardCharsets.UTF_8), ALL).orElseThrow())
                .startsWith("undecodable flags record: ");
    }

    @Test
    void aCertificationNamesOnlyTheSubsystemsWithBadRangesUnlessOneIsAskedFor() {
        SubsystemCertification muon = new SubsystemCertification("Muon", List.of(new LumisectionRange(1, 10)),
                List.of(new LumisectionRange(1, 10)), 10, 0, 0, List.of());
        SubsystemCertification hcal = new SubsystemCertification("Hcal", List.of(new LumisectionRange(1, 4)),
                List.of(new LumisectionRange(1, 4)), 4, 0, 6, List.of(new BadRange(5, 10, "hot tower",
                VerdictKind.KNOWN_ISSUE)));
        FlagVerdict verdict = new FlagVerdict(7, 5, null, "Hcal", VerdictKind.KNOWN_ISSUE, "bob", "", Instant.EPOCH);
        byte[] run = AvroRecords.encode(new RunCertification(7, true, 1, 10, 10, Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH, new AppliedPolicy(true, 1, "p"), List.of("v7"), List.of(hcal, muon), List.of(verdict)));
        OutputRecords.Kind certifications = OutputRecords.Kind.ofId("certifications");
        assertThat(certifications.line(run, ALL).orElseThrow()).startsWith("run 7 open LS 1-10")
                .contains("Hcal 4/10 good (bad 5-10 KNOWN_ISSUE); the others good; 1 verdicts").doesNotContain("Muon");
        assertThat(certifications.line(run, new OutputRecords.Filter(null, "Muon", null)).orElseThrow())
                .contains("Muon 10/10 good;").doesNotContain("Hcal");
        assertThat(OutputRecords.Kind.ofId("verdicts").line(AvroRecords.encode(verdict), ALL).orElseThrow())
                .endsWith("run 7 LS 5-end Hcal KNOWN_ISSUE by bob");
    }

    @Test
    void anImageClassificationIsOneLineFilteredByRun() {
        byte[] classified = AvroRecords.encode(new ImageClassification(42, 3, 17L,
                Instant.parse("2026-12-07T10:00:00Z"), "particles", "v2", "muon", Map.of("muon", 0.91, "pion", 0.09)));
        OutputRecords.Kind kind = OutputRecords.Kind.ofId("image-classifications");
        assertThat(kind.line(classified, ALL)).hasValue("2026-12-07T10:00:00Z run 42 LS 3 event 17 particles: muon "
                + "(p 0.910, model v2)");
        assertThat(kind.line(classified, new OutputRecords.Filter(43, null, null))).isEmpty();
    }

    @Test
    void anUnknownOutputNamesTheKnownOnes() {
        assertThatThrownBy(() -> OutputRecords.Kind.ofId("flag")).hasMessageContaining("[flags, scores, "
                + "certifications, verdicts, dead-letters, image-classifications]");
    }
}
