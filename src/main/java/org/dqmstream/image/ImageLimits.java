package org.dqmstream.image;

/** The largest image a source may declare, checked before any pixel is read. */
public record ImageLimits(int maxViews, int maxHeight, int maxWidth) {
    public ImageLimits {
        if (maxViews < 1 || maxHeight < 1 || maxWidth < 1) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }

    public long maxPixels() {
        return (long) maxViews * maxHeight * maxWidth;
    }
}
