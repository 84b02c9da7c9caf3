package org.dqmstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scoring benchmark scores its whole batch; its speed is measured by bin/jmh, never here. */
class LumisectionScorerBenchmarkTest {
    @Test
    void scoresTheWholeBatchThroughEveryChannelGroup() throws Exception {
        LumisectionScorerBenchmark b = new LumisectionScorerBenchmark();
        b.batch = 32;
        b.setUp();
        var scored = b.scoreBatch();
        assertThat(scored).hasSize(32).allSatisfy(s -> {
            assertThat(s.groupScores()).hasSize(13);
            assertThat(s.groupScores().values()).allSatisfy(v -> assertThat(v).isFinite());
        });
    }
}
