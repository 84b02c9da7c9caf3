package org.dqmstream.image;

import java.util.Arrays;
import java.util.List;

/**
 * The five particle types of the 10x10 track images, by PDG code, with their counts in the real Cirta
 * set (../shared/data/cirta): the imbalance a classifier must survive.
 */
public enum ParticleType {
    ELECTRON(11, 3_138),
    MUON(13, 1_237),
    PION(211, 906_047),
    KAON(321, 154_323),
    PROTON(2212, 111_730);

    private final int pdg;
    private final int realCount;

    ParticleType(int pdg, int realCount) {
        this.pdg = pdg;
        this.realCount = realCount;
    }

    public int pdg() {
        return pdg;
    }

    public int realCount() {
        return realCount;
    }

    public static ParticleType ofPdg(int pdg) {
        return Arrays.stream(values()).filter(t -> t.pdg == Math.abs(pdg)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("PDG code " + pdg + " is none of 11, 13, 211, 321, 2212"));
    }

    /** Type names in class order: the classes of a particle classifier. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }

    /**
     * What a particle-type classifier takes and gives: hit counts 0..12 scaled by 4 to near unit size, the
     * five types, and the pion probability (the commonest type, whose shape moves with any change of the
     * mix) for per-lumisection checks. Priors are set by training.
     */
    public static SmallImageClassifier.Spec classifierSpec() {
        return new SmallImageClassifier.Spec(names(), ImageSource.PARTICLES.shape(), 4f, PION.ordinal(), null, false);
    }

    /** Share of this type among all real images. */
    public double realFraction() {
        return realCount / (double) Arrays.stream(values()).mapToLong(ParticleType::realCount).sum();
    }
}
