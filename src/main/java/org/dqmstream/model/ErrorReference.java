package org.dqmstream.model;

/**
 * Reconstruction error that good data shows at a given luminosity: E_ref(L) = meanError * (L / L_ref)^b.
 * Low-luminosity lumisections hold fewer events, so their statistics are noisier and reconstruct worse;
 * without the luminosity term, thresholds would depend on the luminosity mix of the calibration runs.
 * With b = 0 this is the mean-field error E_mean of Borisyak et al.
 *
 * @param meanError luminosity-weighted mean error of good training data, scaled to L_ref
 * @param referenceLuminosity L_ref, the weighted geometric mean luminosity of the training data
 * @param luminosityExponent b, fitted by weighted least squares of log E on log L
 */
public record ErrorReference(double meanError, double referenceLuminosity, double luminosityExponent) {
    private static final double MIN_LUMINOSITY = 1e-3;

    public double expected(double luminosity) {
        return meanError * Math.pow(Math.max(luminosity, MIN_LUMINOSITY) / referenceLuminosity, luminosityExponent);
    }

    /** Fits the reference to good data: errors, luminosities, and training weights. */
    public static ErrorReference fit(double[] errors, double[] luminosities, double[] weights) {
        double sw = 0, sx = 0, sy = 0;
        double[] x = new double[errors.length];
        double[] y = new double[errors.length];
        for (int i = 0; i < errors.length; i++) {
            x[i] = Math.log(Math.max(luminosities[i], MIN_LUMINOSITY));
            y[i] = Math.log(Math.max(errors[i], 1e-12));
            sw += weights[i];
            sx += weights[i] * x[i];
            sy += weights[i] * y[i];
        }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (int i = 0; i < errors.length; i++) {
            sxx += weights[i] * (x[i] - mx) * (x[i] - mx);
            sxy += weights[i] * (x[i] - mx) * (y[i] - my);
        }
        double exponent = sxx > 0 ? sxy / sxx : 0;
        double reference = Math.exp(mx);
        double mean = 0;
        for (int i = 0; i < errors.length; i++) {
            mean += weights[i] * errors[i] / Math.pow(Math.exp(x[i]) / reference, exponent);
        }
        return new ErrorReference(mean / sw, reference, exponent);
    }
}
