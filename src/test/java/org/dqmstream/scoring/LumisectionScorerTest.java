package org.dqmstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.dqmstream.TestModels;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

class LumisectionScorerTest {

    @Test
    void aBatchScoresExactlyLikeOneAtATime() {
        ModelBundle bundle = TestModels.bundle();
        List<ValidLumisection> ls = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(21))
                .takeLabelled(40, bundle.subsystems().subsystems()).lumisections();
        LumisectionScorer scorer = new LumisectionScorer(bundle);
        List<ScoredLumisection> batch = scorer.score(ls);
        assertThat(batch).hasSize(40);
        for (int i = 0; i < ls.size(); i += 13) {
            ScoredLumisection alone = scorer.score(List.of(ls.get(i))).get(0);
            ScoredLumisection inBatch = batch.get(i);
            assertThat(alone.lumisection()).isSameAs(ls.get(i));
            alone.groupScores().forEach((g, s) -> assertThat(inBatch.groupScores().get(g)).isCloseTo(s, within(1e-4)));
        }
        assertThat(batch.get(0).groupScores()).hasSize(13);
        assertThat(batch.get(0).squaredErrors().get("eventCounts")).hasSize(6);
    }

    @ParameterizedTest(name = "{0} BLAS threads")
    @ValueSource(ints = {1, 2})
    void scoresTheSameBatchTheSameWayEveryTime(int blasThreads) {
        ModelBundle bundle = TestModels.bundle();
        List<ValidLumisection> ls = new LumisectionGenerator(bundle.layout(),
                GeneratorSettings.defaults(23).withFaultFraction(0.3)).takeLabelled(64, bundle.subsystems().subsystems()).lumisections();
        LumisectionScorer scorer = new LumisectionScorer(bundle);
        Blas blas = Nd4j.factory().blas();
        int configured = blas.getMaxThreads();
        blas.setMaxThreads(blasThreads);
        try {
            List<Map<String, Double>> first = scorer.score(ls).stream().map(ScoredLumisection::groupScores).toList();
            for (int round = 0; round < 5; round++) {
                assertThat(scorer.score(ls).stream().map(ScoredLumisection::groupScores).toList())
                        .as("round %d", round).isEqualTo(first);
            }
        } finally {
            blas.setMaxThreads(configured);
        }
    }

    @Test
    void obviousFaultsScoreAboveGoodLumisections() {
        ModelBundle bundle = TestModels.bundle();
        var generator = new LumisectionGenerator(bundle.layout(),
                GeneratorSettings.defaults(22).withFaultFraction(0.3).withMinIntensity(0.8));
        var data = generator.take(400);
        var labelled = generator.labelled(data, bundle.subsystems().subsystems());
        List<ScoredLumisection> scored = new LumisectionScorer(bundle).score(labelled.lumisections());
        double good = 0, bad = 0;
        int nGood = 0, nBad = 0;
        for (int i = 0; i < data.size(); i++) {
            double worst = scored.get(i).groupScores().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            if (data.get(i).isGood()) {
                good += worst;
                nGood++;
            } else {
                bad += worst;
                nBad++;
            }
        }
        assertThat(bad / nBad).isGreaterThan(good / nGood + 1.0);
    }
}
