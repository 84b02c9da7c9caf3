package org.dqmstream.image;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.PixelEncoding;

/**
 * One event's uint8 pixels and its simulation truth, from a file or the generator, before it becomes an
 * {@link EventImage} record with run, lumisection and event numbers.
 */
public record RecordedEvent(byte[] pixels, Map<String, String> truth) {
    public static RecordedEvent of(NovaEvent n) {
        return new RecordedEvent(n.pixels(), Map.of("interaction", Integer.toString(n.interaction().code()),
                "finalstate", Integer.toString(n.finalState()), "nuenergy", Float.toString(n.neutrinoEnergy()),
                "lepenergy", Float.toString(n.leptonEnergy())));
    }

    public static RecordedEvent of(ParticleImage p) {
        return new RecordedEvent(p.pixels(), Map.of("pdg", Integer.toString(p.type().pdg())));
    }

    public static RecordedEvent of(ObjectImage o) {
        return new RecordedEvent(o.pixels(), Map.of("label", o.label()));
    }

    /** The event as a record of {@code source}, with {@code metadata} (the truth and anything added to it). */
    public EventImage record(ImageSource source, int run, int lumisection, long event, Instant timestamp,
                             Map<String, String> metadata) {
        return new EventImage(run, lumisection, event, timestamp, source.id(), source.shape().views(),
                source.shape().height(), source.shape().width(), PixelEncoding.UINT8, ByteBuffer.wrap(pixels), metadata);
    }
}
