package org.dqmstream.image;

import org.dqmstream.records.EventImage;

/** An event image that passed every input check, with its pixels as floats (views x height x width). */
public record ValidEventImage(EventImage record, float[] pixels) {
}
