package org.dqmstream.image;

import java.util.Arrays;
import java.util.List;

/** The kinds of event image the monitor knows, by the source name their records carry. */
public enum ImageSource {
    /**
     * 10x10 particle-track images, pixels are hit counts 0..12. Identical images are common: 32% of the
     * real Cirta challenge images repeat an earlier image of their event exactly (31% of those with 5 hits
     * or more), so a repeat says nothing about the readout.
     */
    PARTICLES("particles", new ImageShape(1, ParticleImage.SIDE, ParticleImage.SIDE), 12, List.of("image"), false),
    /** NOvA-like neutrino events: x-z and y-z views of 100 planes x 80 cells, uint8 charge. */
    NOVA("nova", NovaEvent.SHAPE, 255, List.of("x-z view", "y-z view"), true),
    /** Microscope or camera cut-outs, grey levels resized to 32x32. */
    OBJECTS("objects", new ImageShape(1, ObjectImage.SIDE, ObjectImage.SIDE), 255, List.of("image"), true);

    private final String id;
    private final ImageShape shape;
    private final float fullScale;
    private final List<String> viewNames;
    private final boolean repeatsAreStale;

    ImageSource(String id, ImageShape shape, float fullScale, List<String> viewNames, boolean repeatsAreStale) {
        this.id = id;
        this.shape = shape;
        this.fullScale = fullScale;
        this.viewNames = viewNames;
        this.repeatsAreStale = repeatsAreStale;
    }

    /**
     * Whether two events of this source are never identical, so that repeated events mean readout that
     * stopped updating (see {@link RepeatedEvents}).
     */
    public boolean repeatsAreStale() {
        return repeatsAreStale;
    }

    /** The name records carry in their {@code source} field. */
    public String id() {
        return id;
    }

    public ImageShape shape() {
        return shape;
    }

    /** A saturated pixel's reading. */
    public float fullScale() {
        return fullScale;
    }

    public String viewName(int view) {
        return viewNames.get(view);
    }

    public static ImageSource ofId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown image source '" + id + "'; known: "
                        + Arrays.stream(values()).map(ImageSource::id).toList()));
    }
}
