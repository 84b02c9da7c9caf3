package org.dqmstream.image;

import static org.dqmstream.image.NovaEvent.CELLS;
import static org.dqmstream.image.NovaEvent.PLANES;
import static org.dqmstream.image.NovaEvent.VIEWS;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws NOvA-like events in the two views, shaped by their physics: numu CC has a long muon track
 * (about 30 planes per GeV) plus hadronic activity at the vertex; nue CC an electromagnetic shower
 * that widens with depth; NC only short hadronic prongs; cosmics a straight track crossing the whole
 * detector from the top. Higher energy means longer tracks and brighter deposits.
 */
public final class NovaEventGenerator {
    /** Charge of a minimum-ionizing particle in one cell, in ADC counts (uint8). */
    private static final double MIP = 40;
    private static final double PLANES_PER_GEV = 30;

    private final Random rng;

    public NovaEventGenerator(long seed) {
        this.rng = new Random(seed);
    }

    public List<NovaEvent> take(int count) {
        List<NovaEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(draw(drawInteraction()));
        }
        return out;
    }

    public NovaEvent draw(NovaInteraction interaction) {
        float[][][] charge = new float[VIEWS][PLANES][CELLS];
        if (interaction == NovaInteraction.COSMIC) {
            float energy = (float) (2 + 18 * rng.nextDouble());
            cosmic(charge);
            return new NovaEvent(digitize(charge), interaction, 3, 0f, energy);
        }
        float nuEnergy = (float) (0.5 + Math.exp(Math.log(2) + 0.5 * rng.nextGaussian()));
        boolean chargedCurrent = interaction != NovaInteraction.NC && interaction != NovaInteraction.OTHER;
        double inelasticity = "QE".equals(interaction.mode()) ? 0.1 * rng.nextDouble() : 0.15 + 0.6 * rng.nextDouble();
        float lepEnergy = chargedCurrent ? (float) (nuEnergy * (1 - inelasticity)) : 0f;
        double hadronic = nuEnergy - lepEnergy;
        double vertexPlane = 10 + 30 * rng.nextDouble();
        double[] vertexCell = {20 + 40 * rng.nextDouble(), 20 + 40 * rng.nextDouble()};
        double[] slope = {0.3 * rng.nextGaussian(), 0.3 * rng.nextGaussian()};
        if (interaction.isNumuCC()) {
            track(charge, vertexPlane, vertexCell, slope, PLANES_PER_GEV * lepEnergy, MIP);
        } else if (interaction.isNueCC() || interaction == NovaInteraction.NU_ON_E_ELASTIC) {
            shower(charge, vertexPlane, vertexCell, slope, lepEnergy);
        } else if (chargedCurrent) {
            // nutau CC: the tau decays at once; its daughters look like a short track and hadrons.
            track(charge, vertexPlane, vertexCell, slope, 0.3 * PLANES_PER_GEV * lepEnergy, MIP);
        }
        int prongs = hadronic > 0.05 ? 1 + (int) Math.min(3, hadronic / 0.5) : 0;
        for (int p = 0; p < prongs; p++) {
            double[] s = {rng.nextGaussian(), rng.nextGaussian()};
            track(charge, vertexPlane, vertexCell, s, 3 + 8 * hadronic / prongs * rng.nextDouble(), MIP * 1.6);
        }
        noise(charge);
        return new NovaEvent(digitize(charge), interaction, prongs, nuEnergy, lepEnergy);
    }

    private NovaInteraction drawInteraction() {
        double u = rng.nextDouble();
        if (u < 0.40) {
            return NovaInteraction.ofCode(rng.nextInt(4));
        }
        if (u < 0.55) {
            return NovaInteraction.ofCode(4 + rng.nextInt(4));
        }
        if (u < 0.58) {
            return NovaInteraction.ofCode(8 + rng.nextInt(4));
        }
        if (u < 0.60) {
            return NovaInteraction.NU_ON_E_ELASTIC;
        }
        return u < 0.85 ? NovaInteraction.NC : NovaInteraction.COSMIC;
    }

    /** A straight particle from the vertex downstream, {@code planes} long, depositing {@code dEdx} per plane. */
    private void track(float[][][] charge, double plane0, double[] cell0, double[] slope, double planes, double dEdx) {
        for (int view = 0; view < VIEWS; view++) {
            for (int k = 0; k < planes; k++) {
                int plane = (int) Math.round(plane0 + k);
                double cell = cell0[view] + slope[view] * k;
                if (plane >= PLANES || cell < 0 || cell >= CELLS) {
                    break;
                }
                deposit(charge, view, plane, (int) cell, dEdx * (0.8 + 0.4 * rng.nextDouble()));
            }
        }
    }

    /** An electromagnetic shower: dense core, widening with depth, total charge growing with energy. */
    private void shower(float[][][] charge, double plane0, double[] cell0, double[] slope, double energy) {
        double length = 10 + 8 * Math.log1p(energy * 4);
        for (int view = 0; view < VIEWS; view++) {
            for (int k = 0; k < length; k++) {
                int plane = (int) Math.round(plane0 + k);
                if (plane >= PLANES) {
                    break;
                }
                double profile = Math.pow(k + 1, 1.5) * Math.exp(-k / (length / 3));
                double width = 0.5 + 0.25 * k;
                double centre = cell0[view] + slope[view] * k;
                for (int c = (int) (centre - 3 * width); c <= centre + 3 * width; c++) {
                    if (c >= 0 && c < CELLS) {
                        double spread = Math.exp(-0.5 * Math.pow((c - centre) / width, 2));
                        deposit(charge, view, plane, c, MIP * 0.6 * energy * profile * spread / width);
                    }
                }
            }
        }
    }

    /** A cosmic muon: enters at the top (high cell in the y-z view) and leaves at the bottom. */
    private void cosmic(float[][][] charge) {
        double plane = 5 + 90 * rng.nextDouble();
        double xCell = 80 * rng.nextDouble();
        double dPlanePerCell = 0.3 * rng.nextGaussian();
        double dxPerCell = 0.5 * rng.nextGaussian();
        for (int y = CELLS - 1; y >= 0; y--) {
            int step = CELLS - 1 - y;
            int p = (int) Math.round(plane + dPlanePerCell * step);
            int x = (int) Math.round(xCell + dxPerCell * step);
            if (p < 0 || p >= PLANES) {
                break;
            }
            deposit(charge, 1, p, y, MIP * (0.8 + 0.4 * rng.nextDouble()));
            if (x >= 0 && x < CELLS) {
                deposit(charge, 0, p, x, MIP * (0.8 + 0.4 * rng.nextDouble()));
            }
        }
        noise(charge);
    }

    private void noise(float[][][] charge) {
        for (int i = 0; i < 20; i++) {
            deposit(charge, rng.nextInt(VIEWS), rng.nextInt(PLANES), rng.nextInt(CELLS), 5 + 10 * rng.nextDouble());
        }
    }

    private static void deposit(float[][][] charge, int view, int plane, int cell, double q) {
        charge[view][plane][cell] += (float) q;
    }

    private static byte[] digitize(float[][][] charge) {
        byte[] out = new byte[NovaEvent.PIXELS];
        int i = 0;
        for (int v = 0; v < VIEWS; v++) {
            for (int p = 0; p < PLANES; p++) {
                for (int c = 0; c < CELLS; c++) {
                    out[i++] = (byte) Math.min(255, Math.round(charge[v][p][c]));
                }
            }
        }
        return out;
    }
}
