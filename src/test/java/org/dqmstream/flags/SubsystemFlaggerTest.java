package org.dqmstream.flags;

import org.dqmstream.config.MonitorConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.TestModels;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.model.Thresholds;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.scoring.ScoredLumisection;
import org.junit.jupiter.api.Test;

class SubsystemFlaggerTest {

    @Test
    void levelsFollowTheThresholds() {
        Thresholds t = new Thresholds(1.0, 2.0);
        assertThat(SubsystemFlagger.level(0.99, t)).isEqualTo(FlagLevel.GOOD);
        assertThat(SubsystemFlagger.level(1.0, t)).isEqualTo(FlagLevel.WARNING);
        assertThat(SubsystemFlagger.level(2.0, t)).isEqualTo(FlagLevel.BAD);
    }

    private static ValidLumisection cleanLumisection(ModelBundle bundle) throws Exception {
        var record = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(3).withFaultFraction(0))
                .next().record();
        return LumisectionDecoder.of(bundle.layout(), MonitorConfig.defaults().input().limits())
                .decode(AvroRecords.encode(record));
    }

    /** Every group at {@code score}, with no reconstruction error on any feature. */
    private static void noErrors(ModelBundle bundle, Map<String, Double> scores, Map<String, float[]> errors,
                                 double score) {
        bundle.groups().forEach(g -> {
            scores.put(g.group(), score);
            errors.put(g.group(), new float[bundle.layout().group(g.group()).size()]);
        });
    }

    @Test
    void pastARunsFirstLumisectionsItsDeviationCanRaiseTheLevelAndSaysSo() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        assertThat(bundle.runContext()).as("the trainer calibrates the run context").isNotNull();
        ValidLumisection lumisection = cleanLumisection(bundle);
        Map<String, Double> scores = new HashMap<>();
        Map<String, float[]> errors = new HashMap<>();
        noErrors(bundle, scores, errors, -5.0);
        Map<String, Double> deviations = new HashMap<>();
        bundle.subsystems().subsystems().forEach(sub -> deviations.put(sub, -1.0));
        double hcalBad = bundle.runContext().deviation().get("Hcal").bad();
        deviations.put("Hcal", hcalBad + 0.5);
        ScoredLumisection scored = new ScoredLumisection(lumisection, scores, errors)
                .withRunContext(List.of(), deviations, Map.of("Hcal", "minibias_calo"));

        SubsystemFlagger flagger = new SubsystemFlagger(bundle, 2);
        SubsystemFlag hcal = flagger.flags(scored).stream().filter(f -> f.getSubsystem().equals("Hcal")).findFirst()
                .orElseThrow();
        assertThat(hcal.getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(hcal.getDetector()).isEqualTo(SubsystemFlagger.RUN_CONTEXT);
        assertThat(hcal.getReason()).startsWith("Hcal BAD: run context: minibias_calo moved ")
                .contains("within-run spreads along its principal directions since this run's first 4 ordinary "
                        + "lumisections");
        Thresholds run = bundle.runContext().deviation().get("Hcal");
        assertThat(flagger.verdict("Hcal", scored).margin()).as("0.5 past BAD, in units of the WARNING-BAD gap")
                .isCloseTo(0.5 / (run.bad() - run.warning()), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(flagger.verdict("Ecal", scored).level()).isEqualTo(FlagLevel.GOOD);
        assertThat(flagger.verdict("Hcal", new ScoredLumisection(lumisection, scores, errors)).level())
                .as("a run's first lumisections: the model alone").isEqualTo(FlagLevel.GOOD);
    }

    @Test
    void aBrokenGroupFailsItsSubsystemsWithItsWorstFeaturesAsReason() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        ValidLumisection lumisection = cleanLumisection(bundle);
        Map<String, Double> scores = new HashMap<>();
        Map<String, float[]> errors = new HashMap<>();
        noErrors(bundle, scores, errors, -1.0);
        scores.put("muons_calo", 50.0);
        float[] caloErrors = errors.get("muons_calo");
        caloErrors[7] = 30f;
        caloErrors[3] = 10f;

        List<SubsystemFlag> flags = new SubsystemFlagger(bundle, 2)
                .flags(new ScoredLumisection(lumisection, scores, errors));
        assertThat(flags).hasSize(16);
        SubsystemFlag hcal = flags.stream().filter(f -> f.getSubsystem().equals("Hcal")).findFirst().orElseThrow();
        assertThat(hcal.getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(hcal.getScore()).isEqualTo(50.0);
        assertThat(hcal.getModelVersion()).isEqualTo(bundle.version());
        String worst = bundle.layout().group("muons_calo").features().get(7).name();
        assertThat(hcal.getTopFeatures()).hasSize(2);
        assertThat(hcal.getTopFeatures().get(0).getFeature()).isEqualTo(worst);
        assertThat(hcal.getTopFeatures().get(0).getShare()).isEqualTo(0.75);
        assertThat(hcal.getReason()).contains("Hcal BAD").contains(worst).contains("75% of muons_calo error");
        SubsystemFlag muon = flags.stream().filter(f -> f.getSubsystem().equals("Muon")).findFirst().orElseThrow();
        assertThat(muon.getLevel()).as("Muon does not read calo groups").isEqualTo(FlagLevel.GOOD);
        assertThat(muon.getReason()).startsWith("Muon GOOD");
    }

    @Test
    void topFeaturesAreTheLargestErrorsAcrossTheSubsystemsGroupsInOrder() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        var record = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(4).withFaultFraction(0))
                .next().record();
        ValidLumisection lumisection = LumisectionDecoder.of(bundle.layout(), MonitorConfig.defaults().input().limits())
                .decode(AvroRecords.encode(record));
        java.util.Random rng = new java.util.Random(5);
        Map<String, Double> scores = new HashMap<>();
        Map<String, float[]> errors = new HashMap<>();
        List<Object[]> all = new java.util.ArrayList<>();
        for (var g : bundle.groups()) {
            scores.put(g.group(), 0.0);
            float[] e = new float[bundle.layout().group(g.group()).size()];
            for (int j = 0; j < e.length; j++) {
                e[j] = rng.nextFloat();
                if (bundle.subsystems().groups("Ecal").contains(g.group())) {
                    all.add(new Object[] {bundle.layout().group(g.group()).features().get(j).name(), e[j]});
                }
            }
            errors.put(g.group(), e);
        }
        all.sort((a, b) -> Float.compare((Float) b[1], (Float) a[1]));
        SubsystemFlag ecal = new SubsystemFlagger(bundle, 5).flags(new ScoredLumisection(lumisection, scores, errors))
                .stream().filter(f -> f.getSubsystem().equals("Ecal")).findFirst().orElseThrow();
        assertThat(ecal.getTopFeatures()).extracting(c -> c.getFeature())
                .containsExactlyElementsOf(all.subList(0, 5).stream().map(a -> (String) a[0]).toList());
    }
}
