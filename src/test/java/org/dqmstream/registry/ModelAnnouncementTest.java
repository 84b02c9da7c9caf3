package org.dqmstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.dqmstream.registry.ModelAnnouncement.Release;
import org.junit.jupiter.api.Test;

class ModelAnnouncementTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final ModelAnnouncement first = new ModelAnnouncement("lumisection", new Release("v1", "/models/v1"),
            List.of(), NOW.toString());

    @Test
    void promotionsKeepTheHistoryNewestFirstAndRollbacksWalkBackThroughIt() throws Exception {
        ModelAnnouncement third = first.promote(new Release("v2", "/models/v2"), NOW)
                .promote(new Release("v3", "/models/v3"), NOW);
        assertThat(third.previous()).extracting(Release::version).containsExactly("v2", "v1");

        ModelAnnouncement back = ModelAnnouncement.fromJson(third.rollback(NOW).toJson());
        assertThat(back.current()).isEqualTo(new Release("v2", "/models/v2"));
        assertThat(back.previous()).extracting(Release::version).containsExactly("v1");
        assertThat(back.rollback(NOW).current().version()).isEqualTo("v1");
    }

    @Test
    void theHistoryIsBoundedAndTheFirstVersionHasNothingToRollBackTo() {
        ModelAnnouncement a = first;
        for (int i = 2; i <= ModelAnnouncement.HISTORY + 5; i++) {
            a = a.promote(new Release("v" + i, "/models/v" + i), NOW);
        }
        assertThat(a.previous()).hasSize(ModelAnnouncement.HISTORY);
        assertThatThrownBy(() -> first.rollback(NOW)).hasMessageContaining("no earlier version")
                .hasMessageContaining("v1");
    }
}
