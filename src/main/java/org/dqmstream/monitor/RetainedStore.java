package org.dqmstream.monitor;

import java.time.Duration;

/** A processor's store whose entries are forgotten after {@code retention} (judged lumisections, run histories). */
record RetainedStore(String name, Duration retention) {
}
