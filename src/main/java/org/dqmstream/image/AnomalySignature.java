package org.dqmstream.image;

/**
 * What a lumisection's reconstruction residual looks like, in the view that carries most of it:
 * charge missing along one plane (a dead plane), extra charge in one cell (a hot cell), charge missing
 * across the view (low gain), or none of these.
 *
 * @param fault the fault this residual points to, or null when it matches none
 * @param row the plane of a dead-plane signature or the row of a hot cell; -1 when not located
 * @param column the cell of a hot-cell signature; -1 otherwise
 */
public record AnomalySignature(int view, ImageFault fault, int row, int column) {
    /** Share of a view's residual that one plane or cell must hold to be named as the place. */
    static final double CONCENTRATED = 0.5;
    /** A residual this many healthy spreads above its reconstruction is a spike. */
    static final double SPIKE = 3;

    public String label() {
        return fault == null ? "unusual" : fault.signature();
    }

    /** Where, in words a shifter can check: "plane 37", "cell (12, 40)", or nothing. */
    public String place() {
        if (fault == ImageFault.DEAD_PLANE) {
            return "plane " + row;
        }
        return fault == ImageFault.HOT_CELL ? "cell (" + row + ", " + column + ")" : "";
    }

    /**
     * Reads the signature from mean projections and their reconstruction, residuals divided by their
     * healthy spread: the largest residual
     * says where to look; a missing plane that holds most of its view's missing charge is a dead plane,
     * a spike in one plane matched by a spike in one cell is a hot cell, and a view out of balance with
     * the others, or missing charge spread over a view, is low gain.
     */
    static AnomalySignature of(float[] input, float[] reconstruction, float[] residualScale, ImageShape shape) {
        float[] z = new float[input.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = (input[j] - reconstruction[j]) / residualScale[j];
        }
        int per = shape.height() + shape.width();
        int top = 0;
        for (int j = 1; j < input.length; j++) {
            if (Math.abs(z[j]) > Math.abs(z[top])) {
                top = j;
            }
        }
        if (top >= ImageProjections.length(shape)) {
            // A view out of balance: the one that reads least is the one at low gain.
            int low = 0;
            for (int v = 1; v < shape.views(); v++) {
                if (z[ImageProjections.balanceIndex(shape, v)] < z[ImageProjections.balanceIndex(shape, low)]) {
                    low = v;
                }
            }
            return new AnomalySignature(low, ImageFault.LOW_GAIN, -1, -1);
        }
        int view = top / per;
        int offset = top % per;
        boolean plane = offset < shape.height();
        double d = z[top];
        double missing = 0;
        double extra = 0;
        for (int j = view * per; j < (view + 1) * per; j++) {
            double r = z[j];
            if (r < 0) {
                missing += r * r;
            } else {
                extra += r * r;
            }
        }
        if (d > 0) {
            // A hot cell lifts its plane and its cell alike; find the partner spike in the other projection.
            int from = plane ? ImageProjections.cellIndex(shape, view, 0) : ImageProjections.planeIndex(shape, view, 0);
            int count = plane ? shape.width() : shape.height();
            int partner = from;
            for (int j = from; j < from + count; j++) {
                if (z[j] > z[partner]) {
                    partner = j;
                }
            }
            if (z[partner] < SPIKE) {
                return new AnomalySignature(view, null, -1, -1);
            }
            int row = plane ? offset : partner - ImageProjections.planeIndex(shape, view, 0);
            int column = plane ? partner - ImageProjections.cellIndex(shape, view, 0) : offset - shape.height();
            return new AnomalySignature(view, ImageFault.HOT_CELL, row, column);
        }
        if (plane && d * d >= CONCENTRATED * missing) {
            return new AnomalySignature(view, ImageFault.DEAD_PLANE, offset, -1);
        }
        return missing > 2 * extra ? new AnomalySignature(view, ImageFault.LOW_GAIN, -1, -1)
                : new AnomalySignature(view, null, -1, -1);
    }
}
