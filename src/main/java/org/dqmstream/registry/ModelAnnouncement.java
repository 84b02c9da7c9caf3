package org.dqmstream.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the registry says about one model: the version in service, where its bundle is, and the versions
 * before it (newest first), so that a rollback needs nothing but this record.
 *
 * @param announcedAt ISO-8601 instant
 */
public record ModelAnnouncement(String model, Release current, List<Release> previous, String announcedAt) {
    /** Releases kept for rollback. */
    static final int HISTORY = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param location a bundle directory every monitor instance can read (e.g. on a shared filesystem) */
    public record Release(String version, String location) {
    }

    /** {@code release} in service, with this announcement's release first in the history. */
    ModelAnnouncement promote(Release release, Instant at) {
        List<Release> history = new ArrayList<>();
        history.add(current);
        history.addAll(previous);
        return new ModelAnnouncement(model, release, List.copyOf(history.subList(0, Math.min(HISTORY, history.size()))),
                at.toString());
    }

    /** The previous release back in service. */
    ModelAnnouncement rollback(Instant at) {
        if (previous.isEmpty()) {
            throw new IllegalStateException("model " + model + " has no earlier version to roll back to (only "
                    + current.version() + ")");
        }
        return new ModelAnnouncement(model, previous.get(0), List.copyOf(previous.subList(1, previous.size())),
                at.toString());
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelAnnouncement fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, ModelAnnouncement.class);
    }
}
