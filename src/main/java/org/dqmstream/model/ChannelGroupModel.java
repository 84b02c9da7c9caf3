package org.dqmstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained autoencoder of one channel group with what scoring needs beside it: the standardization
 * of its inputs, each feature's reconstruction error on good data (so that errors are read in units of
 * what good data shows, feature by feature), the reference of its score, and its {@link StatisticalPeer}.
 */
public final class ChannelGroupModel {
    /** How many of a group's largest squared errors its undiluted score averages. */
    public static final int TOP_FEATURES = 10;

    private final String group;
    private final MultiLayerNetwork network;
    private final Standardization standardization;
    private final float[] errorScale;
    private final ScoreReference reference;
    private final StatisticalPeer peer;
    private final double ordinaryScore;
    private final BatchInference inference;
    private final int inputs;

    /**
     * Squared reconstruction error per input, in units of good data's error for that input (in standard
     * deviations squared for bundles made without per-feature errors); per record their mean, the mean of
     * the {@link #TOP_FEATURES} largest, and the statistical peer's residuals (null without a peer).
     */
    public record Reconstruction(float[][] squaredErrors, double[] meanErrors, double[] topErrors,
                                 StatisticalPeer.Residuals peer) {

        /** Record {@code i}'s coordinates along the peer's directions; empty without a peer. */
        public float[] coordinates(int i, int directions) {
            return peer == null ? new float[0]
                    : java.util.Arrays.copyOfRange(peer.coordinates(), i * directions, (i + 1) * directions);
        }
    }

    /**
     * @param network    a trained network: scoring uses a snapshot of its weights taken here
     * @param errorScale per input, one over good data's mean squared error; null in bundles made without it
     * @param reference  null while the model is being calibrated
     * @param peer       null in bundles made without one
     * @param ordinaryScore the median group score of held-out good lumisections: a lumisection scoring no
     *                   higher is ordinary enough to enter its run's baseline (see {@link RunDeviation})
     */
    public ChannelGroupModel(String group, MultiLayerNetwork network, Standardization standardization,
                             float[] errorScale, ScoreReference reference, StatisticalPeer peer,
                             double ordinaryScore) {
        this.group = group;
        this.network = network;
        this.standardization = standardization;
        this.errorScale = errorScale;
        this.reference = reference;
        this.peer = peer;
        this.ordinaryScore = ordinaryScore;
        this.inference = BatchInference.of(network);
        this.inputs = (int) network.layerInputSize(0);
    }

    public String group() {
        return group;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Standardization standardization() {
        return standardization;
    }

    public float[] errorScale() {
        return errorScale;
    }

    public ScoreReference reference() {
        return reference;
    }

    public StatisticalPeer peer() {
        return peer;
    }

    public double ordinaryScore() {
        return ordinaryScore;
    }

    public ChannelGroupModel withOrdinaryScore(double score) {
        return new ChannelGroupModel(group, network, standardization, errorScale, reference, peer, score);
    }

    /** The same model with its detectors' scores lowered by these offsets (see {@link ScoreReference}). */
    public ChannelGroupModel withOffsets(double autoencoderOffset, double peerOffset) {
        return new ChannelGroupModel(group, network, standardization, errorScale, reference.withOffset(autoencoderOffset),
                peer == null ? null : peer.withReference(peer.reference().withOffset(peerOffset)), ordinaryScore);
    }

    /** How many principal directions its peer has: 0 without one. */
    public int directions() {
        return peer == null ? 0 : peer.componentCount();
    }

    /** Reconstructs a batch of raw group inputs with one pass through the network. */
    public Reconstruction reconstruct(float[][] rawInputs) {
        float[] rows = new float[rawInputs.length * inputs];
        for (int r = 0; r < rawInputs.length; r++) {
            System.arraycopy(rawInputs[r], 0, rows, r * inputs, inputs);
        }
        return reconstructInPlace(rows, rawInputs.length);
    }

    /**
     * The same for a batch of raw inputs given as consecutive rows, which are standardized in place: the
     * scorer's path, on rows it builds for this call. The only arrays of the batch's size allocated here
     * are the errors returned: each such array costs more to allocate (zeroing, cache misses) than the
     * loops over it.
     */
    public Reconstruction reconstructInPlace(float[] rows, int records) {
        standardization.applyInPlace(rows);
        float[][] errors = new float[records][inputs];
        double[] means = new double[records];
        double[] tops = new double[records];
        float[] largest = new float[Math.min(TOP_FEATURES, inputs)];
        inference.output(rows, records, errors);
        // Through a row that starts at 0, so that the arrays of the loop share one index and the JIT vectorizes it.
        float[] expected = new float[inputs];
        float[] scale = errorScale;
        if (scale == null) {
            scale = new float[inputs];
            java.util.Arrays.fill(scale, 1f);
        }
        for (int r = 0; r < records; r++) {
            float[] e = errors[r];
            System.arraycopy(rows, r * inputs, expected, 0, inputs);
            for (int j = 0; j < inputs; j++) {
                float diff = e[j] - expected[j];
                e[j] = diff * diff * scale[j];
            }
            means[r] = Rows.sum(e) / inputs;
            tops[r] = Rows.meanOfLargest(e, largest);
        }
        return new Reconstruction(errors, means, tops, peer == null ? null : peer.residuals(rows, records));
    }

    /** The autoencoder's score of record {@code i} of a reconstruction: see {@link ScoreReference}. */
    public double autoencoderScore(Reconstruction r, int i, double luminosity) {
        return reference.score(r.meanErrors()[i], r.topErrors()[i], luminosity);
    }

    /** The statistical peer's score of record {@code i}, NaN without a peer. */
    public double peerScore(Reconstruction r, int i, double luminosity) {
        return peer == null ? Double.NaN : peer.score(r.peer().means()[i], r.peer().tops()[i], luminosity);
    }
}
