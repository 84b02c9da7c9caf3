package org.dqmstream.ingest;

/** Why an input record was dead-lettered. A small fixed set, so it can label a metric. */
public enum RejectionReason {
    /** Larger than the configured maximum record size; not even parsed. */
    OVERSIZED,
    /** Empty, truncated, not single-object encoded, or an unknown writer schema. */
    UNDECODABLE,
    /** Produced with a feature layout the loaded model was not trained on. */
    LAYOUT_MISMATCH,
    /** Declared feature count and packed bytes disagree, or disagree with the layout. */
    LENGTH_MISMATCH,
    /** NaN or infinite values. */
    NON_FINITE,
    /** Numbers that cannot be physical: non-positive run or lumisection, negative luminosity or counts. */
    OUT_OF_RANGE,
    /** Declared image shape larger than the configured maximum, or empty. */
    SHAPE_OUT_OF_RANGE,
    /** An event image from a source the monitor has no model for. */
    UNKNOWN_SOURCE,
    /** A lumisection already scored (same run and lumisection number, within the retention); the first counts. */
    DUPLICATE,
    /** An event image of a lumisection already judged (within the retention): its flags stand. */
    LATE,
    /** A verdict on a run the monitor does not hold (never seen, or forgotten) or a subsystem it does not flag. */
    UNMATCHED_VERDICT,
    /** The model failed on a record that passed every check. */
    SCORING_FAILED
}
