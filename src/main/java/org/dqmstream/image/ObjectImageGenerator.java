package org.dqmstream.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws microscope-like object cut-outs of varying size (24 to 120 pixels a side): a round cell, a
 * rod, or a cluster of small blobs, bright on a dark noisy background, at random orientation.
 */
public final class ObjectImageGenerator {
    public static final List<String> LABELS = List.of("cell", "rod", "cluster");

    private final Random rng;

    public ObjectImageGenerator(long seed) {
        this.rng = new Random(seed);
    }

    /** One cut-out at its own size, with its label. */
    public record Drawn(BufferedImage image, String label) {
    }

    public Drawn draw() {
        int w = 24 + rng.nextInt(97);
        int h = Math.max(16, (int) (w * (0.7 + 0.6 * rng.nextDouble())));
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(20, 20, 20));
        g.fillRect(0, 0, w, h);
        String label = LABELS.get(rng.nextInt(LABELS.size()));
        g.translate(w / 2.0, h / 2.0);
        g.rotate(rng.nextDouble() * Math.PI);
        double size = Math.min(w, h);
        int grey = 140 + rng.nextInt(100);
        g.setColor(new Color(grey, grey, grey));
        switch (label) {
            case "cell" -> g.fill(new Ellipse2D.Double(-size * 0.35, -size * 0.35, size * 0.7, size * 0.7));
            case "rod" -> g.fill(new Ellipse2D.Double(-size * 0.45, -size * 0.12, size * 0.9, size * 0.24));
            default -> {
                for (int i = 0; i < 4 + rng.nextInt(4); i++) {
                    double r = size * (0.08 + 0.06 * rng.nextDouble());
                    g.fill(new Ellipse2D.Double(size * 0.5 * (rng.nextDouble() - 0.5) - r,
                            size * 0.5 * (rng.nextDouble() - 0.5) - r, 2 * r, 2 * r));
                }
            }
        }
        g.setTransform(new AffineTransform());
        g.dispose();
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            int v = (data[i] & 0xff) + (int) Math.round(8 * rng.nextGaussian());
            data[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return new Drawn(image, label);
    }

    /** Cut-outs already resized for the model, as a folder would give them. */
    public List<ObjectImage> take(int n) {
        List<ObjectImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Drawn d = draw();
            out.add(new ObjectImage("generated-" + i, d.label(), ObjectImageFolder.resize(d.image())));
        }
        return out;
    }
}
