package org.dqmstream.generator;

import java.util.Set;

/**
 * A fault active in a lumisection.
 *
 * @param intensity 0 (invisible) .. 1 (obvious)
 * @param stream the trigger stream a trigger misconfiguration hits, else null
 * @param sign direction of shifts (+1 or -1)
 * @param position where in phi a dead region starts, radians
 * @param badSubsystems subsystems whose certification this fault fails
 */
public record Fault(FaultKind kind, double intensity, String stream, int sign, double position,
                    Set<String> badSubsystems) {

    public String describe() {
        return String.format("%s (intensity %.2f%s)", kind.description(), intensity,
                stream == null ? "" : ", stream " + stream);
    }
}
