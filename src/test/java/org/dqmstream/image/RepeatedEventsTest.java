package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.Test;

class RepeatedEventsTest {

    /** A distinct event per seed; every other one a slice of a larger array, as a decoder may hand it over. */
    private static ByteBuffer event(int seed) {
        ByteBuffer b = ByteBuffer.allocate(408);
        b.putInt(seed);
        for (int i = 0; i < 100; i++) {
            b.putFloat(i == seed % 100 ? seed : 0.5f * i);
        }
        b.putInt(-seed);
        return seed % 2 == 0 ? b.position(4).limit(404).slice() : b.position(4).limit(404);
    }

    @Test
    void theSamePixelsRepeatWhateverBufferCarriesThemAndReadingLeavesThemUnread() {
        RepeatedEvents r = new RepeatedEvents();
        ByteBuffer first = event(4);
        r.add(first);
        assertThat(first.remaining()).isEqualTo(400);
        ByteBuffer direct = ByteBuffer.allocateDirect(400).put(event(4)).flip();
        r.add(direct);
        r.add(event(5).slice());
        assertThat(r.repeated()).as("a direct copy of event 4 repeats it; event 5 does not").isEqualTo(1);
    }

    private static SubsystemFlag good() {
        return new SubsystemFlag(1, 2, Instant.EPOCH, "Tracker", FlagLevel.GOOD, 0.3, 2.0, 3.0, "v1", "image",
                List.of(), "Tracker GOOD: mix as expected", "image-classifier");
    }

    @Test
    void distinctEventsNeverRepeatAndTheSameBufferAgainDoes() {
        RepeatedEvents r = new RepeatedEvents();
        for (int i = 0; i < 200; i++) {
            r.add(event(i));
        }
        assertThat(r.repeated()).isZero();
        assertThat(r.judge(good(), "particles", 200)).isEqualTo(good());
        for (int i = 0; i < 30; i++) {
            r.add(event(i));
        }
        assertThat(r.repeated()).isEqualTo(30);
        assertThat(r.stale(230)).isTrue();
        SubsystemFlag bad = r.judge(good(), "particles", 230);
        assertThat(bad.getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(bad.getDetector()).isEqualTo(RepeatedEvents.DETECTOR);
        assertThat(bad.getReason()).isEqualTo("Tracker BAD: particles readout stale: 30 of 230 events repeat an "
                + "earlier event of this lumisection pixel for pixel");
    }

    @Test
    void aFewRepeatsAmongManyEventsAreNotStale() {
        RepeatedEvents r = new RepeatedEvents();
        for (int i = 0; i < 5; i++) {
            r.add(event(7));
        }
        assertThat(r.repeated()).isEqualTo(4);
        assertThat(r.stale(40)).as("4 of 40 events").isTrue();
        assertThat(r.stale(100)).as("4 of 100: under a tenth").isFalse();
        RepeatedEvents two = new RepeatedEvents();
        two.add(event(1));
        two.add(event(1));
        two.add(event(1));
        assertThat(two.stale(3)).as("2 repeats: fewer than the minimum").isFalse();
    }

    @Test
    void itRemembersABoundedNumberOfEventsAndSurvivesItsBytes() {
        RepeatedEvents r = new RepeatedEvents();
        for (int i = 0; i < RepeatedEvents.MAX_REMEMBERED + 500; i++) {
            r.add(event(i));
        }
        r.add(event(3));
        r.add(event(RepeatedEvents.MAX_REMEMBERED + 100));
        assertThat(r.repeated()).as("a repeat of a remembered event counts; of one past the bound, not").isEqualTo(1);
        assertThat(r.byteSize()).isEqualTo(4 + 8 + 8 * RepeatedEvents.MAX_REMEMBERED);
        ByteBuffer b = ByteBuffer.allocate(r.byteSize());
        r.write(b);
        RepeatedEvents back = RepeatedEvents.read(b.flip());
        assertThat(back.repeated()).isEqualTo(1);
        back.add(event(5));
        assertThat(back.repeated()).isEqualTo(2);
    }
}
