package org.dqmstream.image;

/** The shape of one source's event images: views x height x width, pixels row-major per view. */
public record ImageShape(int views, int height, int width) {
    public ImageShape {
        if (views < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image dimensions must be positive, got " + views + "x" + height + "x" + width);
        }
    }

    public int pixels() {
        return views * height * width;
    }

    public int index(int view, int row, int column) {
        return (view * height + row) * width + column;
    }

    @Override
    public String toString() {
        return views + "x" + height + "x" + width;
    }
}
