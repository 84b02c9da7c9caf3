package org.dqmstream.image;

/**
 * One object cut-out (a microscope or camera image of any size), as grey levels resized to
 * {@link #SIDE} x {@link #SIDE}, with its label.
 */
public record ObjectImage(String name, String label, byte[] pixels) {
    public static final int SIDE = 32;

    public ObjectImage {
        if (pixels.length != SIDE * SIDE) {
            throw new IllegalArgumentException("an object image has " + SIDE * SIDE + " pixels, got " + pixels.length);
        }
    }

    public float[] charges() {
        return Pixels.unsigned(pixels);
    }
}
