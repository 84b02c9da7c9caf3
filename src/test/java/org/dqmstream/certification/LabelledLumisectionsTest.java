package org.dqmstream.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.lumisection.FeatureTable;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledLumisectionsTest {
    private static final FeatureLayout LAYOUT = FeatureLayout.standard();
    private static final Set<String> SUBSYSTEMS = MonitorConfig.defaults().subsystemSources().keySet();

    @TempDir
    Path dir;

    private LumisectionGenerator generator;
    private List<GeneratedLumisection> generated;
    private LabelledLumisections truth;

    @BeforeEach
    void generate() {
        generator = new LumisectionGenerator(LAYOUT, GeneratorSettings.defaults(5).withFaultFraction(0.4)
                .withRunLengths(30, 50));
        generated = generator.take(120);
        truth = generator.labelled(generated, SUBSYSTEMS);
    }

    @Test
    void aTableLabelledByItsBadSubsystemsColumnReadsAsTheGroundTruth() throws IOException {
        Path table = writeTable(records(), true);
        LabelledLumisections read = LabelledLumisections.read(table, null, SUBSYSTEMS);
        assertThat(read.layout().id()).isEqualTo(LAYOUT.id());
        assertThat(read.rejected()).isEmpty();
        assertSameLabels(read, truth);
        assertThat(truth.goodForAll()).hasSizeBetween(20, 100);
        assertThat(read.goodForAll()).hasSameSizeAs(truth.goodForAll());
    }

    @Test
    void certificationFilesLabelATableWithoutLabels() throws IOException {
        Path table = writeTable(records(), false);
        truth.writeCertification(dir.resolve("certification"));
        LabelledLumisections read = LabelledLumisections.read(table, dir.resolve("certification"), SUBSYSTEMS);
        assertSameLabels(read, truth);
    }

    @Test
    void aLumisectionNoCertificationListsIsBad() throws IOException {
        // Golden JSON lists good lumisections only: leave every first-run lumisection out of Muon's file.
        truth.writeCertification(dir.resolve("certification"));
        int firstRun = generated.get(0).record().getRun();
        Certification muon = truth.labels().get("Muon");
        Certification.ofGood(truth.lumisections().stream().map(ValidLumisection::id)
                        .filter(id -> id.run() != firstRun && muon.isGood(id)).toList())
                .write(dir.resolve("certification").resolve("Muon.json"));
        LabelledLumisections read = LabelledLumisections.read(writeTable(records(), false),
                dir.resolve("certification"), SUBSYSTEMS);
        List<ValidLumisection> firstRunLumisections = read.lumisections().stream()
                .filter(l -> l.id().run() == firstRun).toList();
        assertThat(firstRunLumisections).isNotEmpty()
                .noneMatch(l -> read.labels().get("Muon").isGood(l.id()));
        assertThat(read.goodForAll()).isNotEmpty().noneMatch(l -> l.id().run() == firstRun);
    }

    @Test
    void recordsFailingTheInputChecksAreCountedAndLeftOut() throws IOException {
        List<LumisectionFeatures> records = records();
        float[] features = PackedFloats.unpack(records.get(3).getFeatures());
        features[17] = Float.NaN;
        LumisectionFeatures r = records.get(3);
        LumisectionFeatures broken = new LumisectionFeatures(r.getRun(), r.getLumisection(), r.getTimestamp(),
                r.getStreams(), r.getLayoutId(), r.getFeatureCount(), PackedFloats.pack(features));
        records.set(3, broken);
        LabelledLumisections read = LabelledLumisections.read(writeTable(records, true), null, SUBSYSTEMS);
        assertThat(read.rejected()).containsEntry("NON_FINITE", 1);
        assertThat(read.lumisections()).hasSize(records.size() - 1)
                .noneMatch(l -> l.record().getLumisection() == broken.getLumisection()
                        && l.record().getRun() == broken.getRun());
    }

    @Test
    void saysWhatLabelsAreMissingOrWrong() throws IOException {
        Path unlabelled = writeTable(records(), false);
        assertThatThrownBy(() -> LabelledLumisections.read(unlabelled, null, SUBSYSTEMS))
                .hasMessageContaining("no bad_subsystems labels");

        truth.writeCertification(dir.resolve("certification"));
        Files.delete(dir.resolve("certification").resolve("Hcal.json"));
        Files.delete(dir.resolve("certification").resolve("Pix.json"));
        assertThatThrownBy(() -> LabelledLumisections.read(unlabelled, dir.resolve("certification"), SUBSYSTEMS))
                .hasMessageContaining("no certification file for").hasMessageContaining("Hcal")
                .hasMessageContaining("Pix");

        List<List<String>> typo = new ArrayList<>(generated.stream().map(g -> List.copyOf(g.badSubsystems())).toList());
        typo.set(0, List.of("Muon", "Hcall"));
        Path mislabelled = dir.resolve("mislabelled.csv");
        FeatureTable.write(mislabelled, LAYOUT, records(), typo);
        assertThatThrownBy(() -> LabelledLumisections.read(mislabelled, null, SUBSYSTEMS))
                .hasMessageContaining("[Hcall]");
    }

    private List<LumisectionFeatures> records() {
        return new ArrayList<>(generated.stream().map(GeneratedLumisection::record).toList());
    }

    private Path writeTable(List<LumisectionFeatures> records, boolean labelled) throws IOException {
        Path table = dir.resolve(labelled ? "labelled.csv" : "unlabelled.csv");
        FeatureTable.write(table, LAYOUT, records,
                labelled ? generated.stream().map(GeneratedLumisection::badSubsystems).toList() : null);
        return table;
    }

    private static void assertSameLabels(LabelledLumisections read, LabelledLumisections expected) {
        assertThat(read.lumisections()).extracting(ValidLumisection::id)
                .containsExactlyElementsOf(expected.lumisections().stream().map(ValidLumisection::id).toList());
        assertThat(read.labels().keySet()).containsExactlyInAnyOrderElementsOf(SUBSYSTEMS);
        for (String subsystem : SUBSYSTEMS) {
            for (ValidLumisection l : expected.lumisections()) {
                assertThat(read.labels().get(subsystem).isGood(l.id()))
                        .as(subsystem + " " + l.id())
                        .isEqualTo(expected.labels().get(subsystem).isGood(l.id()));
            }
        }
    }
}
