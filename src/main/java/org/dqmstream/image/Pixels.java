package org.dqmstream.image;

/** Pixel conversions shared by the image kinds. */
final class Pixels {
    private Pixels() {
    }

    /** Unsigned 8-bit pixels (charges, hit counts, grey levels) as floats. */
    static float[] unsigned(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pixels[i] & 0xff;
        }
        return out;
    }
}
