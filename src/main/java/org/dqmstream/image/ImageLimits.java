package org.dqmstream.image;

import java.util.List;

/** The largest image a source may declare, checked before any pixel is read. */
public record ImageLimits(int maxViews, int maxHeight, int maxWidth) {
    public ImageLimits {
        if (maxViews < 1 || maxHeight < 1 || maxWidth < 1) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }

    /** The smallest limits that admit every one of these shapes. */
    public static ImageLimits covering(List<ImageShape> shapes) {
        return new ImageLimits(shapes.stream().mapToInt(ImageShape::views).max().orElseThrow(),
                shapes.stream().mapToInt(ImageShape::height).max().orElseThrow(),
                shapes.stream().mapToInt(ImageShape::width).max().orElseThrow());
    }

    public long maxPixels() {
        return (long) maxViews * maxHeight * maxWidth;
    }
}
