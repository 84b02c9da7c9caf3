package org.dqmstream.model;

import java.util.List;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;

/**
 * The activations the fused inference paths compute in Java, each as a loop over one array that the JIT
 * vectorizes.
 */
final class Activations {
    private static final List<Activation> COMPUTED = List.of(Activation.IDENTITY, Activation.TANH, Activation.SIGMOID,
            Activation.RELU);

    private Activations() {
    }

    /** The activation computed here for a layer's function, or null for one that is not. */
    static Activation of(IActivation function) {
        return COMPUTED.stream().filter(a -> a.getActivationFunction().getClass() == function.getClass()).findFirst()
                .orElse(null);
    }

    static void apply(Activation activation, float[] values, int n) {
        switch (activation) {
            case IDENTITY -> {
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    values[i] = RationalTanh.tanh(values[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    values[i] = 0.5f + 0.5f * RationalTanh.tanh(0.5f * values[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    values[i] = Math.max(values[i], 0f);
                }
            }
            default -> throw new IllegalStateException("activation " + activation);
        }
    }
}
