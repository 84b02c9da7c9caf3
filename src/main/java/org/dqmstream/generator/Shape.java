package org.dqmstream.generator;

import java.util.Arrays;
import java.util.function.DoublePredicate;
import org.apache.commons.math3.distribution.NormalDistribution;

/** The distribution of one particle quantity in one lumisection, from which its statistics are read. */
sealed interface Shape permits Shape.Normal, Shape.LogNormal, Shape.Uniform, Shape.Restricted {
    NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    double quantile(double p);

    double mean();

    double std();

    /** The same distribution with only the values {@code kept} accepts, e.g. a dead detector region removed. */
    default Shape restrictedTo(DoublePredicate kept) {
        return new Restricted(this, kept);
    }

    record Normal(double m, double s) implements Shape {
        public double quantile(double p) {
            return m + s * STANDARD_NORMAL.inverseCumulativeProbability(p);
        }

        public double mean() {
            return m;
        }

        public double std() {
            return s;
        }
    }

    record LogNormal(double mu, double sigma) implements Shape {
        public double quantile(double p) {
            return Math.exp(mu + sigma * STANDARD_NORMAL.inverseCumulativeProbability(p));
        }

        public double mean() {
            return Math.exp(mu + sigma * sigma / 2);
        }

        public double std() {
            return mean() * Math.sqrt(Math.expm1(sigma * sigma));
        }
    }

    record Uniform(double lo, double hi) implements Shape {
        public double quantile(double p) {
            return lo + (hi - lo) * p;
        }

        public double mean() {
            return (lo + hi) / 2;
        }

        public double std() {
            return (hi - lo) / Math.sqrt(12);
        }
    }

    /**
     * A distribution with part of its range removed. The base distribution's quantiles on an even
     * probability grid act as an equally weighted sample; removing values keeps the rest equally weighted.
     */
    final class Restricted implements Shape {
        private static final int GRID = 400;
        private final double[] kept;

        Restricted(Shape base, DoublePredicate keep) {
            double[] values = new double[GRID];
            int n = 0;
            for (int i = 0; i < GRID; i++) {
                double v = base.quantile((i + 0.5) / GRID);
                if (keep.test(v)) {
                    values[n++] = v;
                }
            }
            if (n < 2) {
                throw new IllegalArgumentException("restriction removes the whole distribution");
            }
            kept = Arrays.copyOf(values, n);
        }

        public double quantile(double p) {
            double pos = p * (kept.length - 1);
            int i = (int) Math.floor(pos);
            if (i >= kept.length - 1) {
                return kept[kept.length - 1];
            }
            return kept[i] + (pos - i) * (kept[i + 1] - kept[i]);
        }

        public double mean() {
            return Arrays.stream(kept).average().orElseThrow();
        }

        public double std() {
            double m = mean();
            return Math.sqrt(Arrays.stream(kept).map(v -> (v - m) * (v - m)).sum() / kept.length);
        }
    }
}
