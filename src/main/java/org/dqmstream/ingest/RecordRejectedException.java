package org.dqmstream.ingest;

/** An input record that cannot be scored, with a reason for the dead-letter topic. */
public final class RecordRejectedException extends Exception {
    private final RejectionReason reason;

    public RecordRejectedException(RejectionReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
