package org.dqmstream.model;

import java.util.Map;

/**
 * Thresholds for a lumisection past its run's first {@link RunDeviation#BASELINE_LUMISECTIONS}: the
 * model's score against {@code model}, and the run deviation against {@code deviation}. Calibrated
 * together on held-out good runs so that the two at once flag the configured false-alarm rates: the
 * model takes {@code modelShare} of each rate (so a run bad from its start is still flagged BAD), the
 * deviation the rest. A subsystem whose groups have no principal directions has no run deviation and no
 * entry here: the model's own thresholds judge it throughout.
 */
public record RunContextCalibration(double modelShare, Map<String, Thresholds> model,
                                    Map<String, Thresholds> deviation) {
}
