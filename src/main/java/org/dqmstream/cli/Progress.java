package org.dqmstream.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress of long commands: a live bar with rate and ETA on a terminal, periodic log lines otherwise. */
final class Progress {
    private static final Logger log = LoggerFactory.getLogger("dqm-stream.progress");

    private Progress() {
    }

    static ProgressBarBuilder bar() {
        ProgressBarBuilder b = new ProgressBarBuilder().showSpeed();
        if (System.console() != null) {
            return b.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK);
        }
        return b.setStyle(ProgressBarStyle.ASCII).setConsumer(new DelegatingProgressBarConsumer(log::info))
                .setUpdateIntervalMillis(10_000);
    }
}
