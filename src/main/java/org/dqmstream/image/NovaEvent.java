package org.dqmstream.image;

/**
 * One NOvA-like event: two 100x80 views (x-z, then y-z; planes x cells), uint8 charge per cell, with
 * its simulation truth.
 *
 * @param pixels 2 x 100 x 80 values, row-major per view
 */
public record NovaEvent(byte[] pixels, NovaInteraction interaction, int finalState, float neutrinoEnergy,
                        float leptonEnergy) {
    public static final int VIEWS = 2;
    public static final int PLANES = 100;
    public static final int CELLS = 80;
    public static final int PIXELS = VIEWS * PLANES * CELLS;

    public NovaEvent {
        if (pixels.length != PIXELS) {
            throw new IllegalArgumentException("a NOvA event has " + PIXELS + " pixels, got " + pixels.length);
        }
    }

    public static final ImageShape SHAPE = new ImageShape(VIEWS, PLANES, CELLS);

    /** The pixels as charges, in {@link #SHAPE}. */
    public float[] charges() {
        return Pixels.unsigned(pixels);
    }

    public int pixel(int view, int plane, int cell) {
        return pixels[(view * PLANES + plane) * CELLS + cell] & 0xff;
    }
}
