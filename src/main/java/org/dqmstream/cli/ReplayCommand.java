package org.dqmstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.RecordPublisher;
import org.dqmstream.generator.RecordPublisher.Keyed;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.RecordedEvent;
import org.dqmstream.lumisection.FeatureTable;
import org.dqmstream.monitor.TopicSetup;
import org.dqmstream.replay.ReplaySources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        subcommands = {ReplayCommand.Lumisections.class, ReplayCommand.Images.class},
        description = "Publish a labelled file to a cluster's input topics at a chosen rate, for backfill and for "
                + "demos: a lumisection feature table (CSV or HDF5), or event images from a NOvA HDF5 file, a "
                + "particle CSV or an object-image folder.")
final class ReplayCommand {

    /** What both kinds of replay take. */
    static final class Target {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "100",
                description = "Records per second (default: ${DEFAULT-VALUE}).")
        double rate;

        /** Publishes every group of {@code source} to {@code topic}, showing progress, and returns once all are sent. */
        void publish(Function<MonitorConfig.Topics, String> topic, Function<Instant, List<Keyed>> source, long total,
                     String unit) throws Exception {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("--rate must be positive, got " + rate);
            }
            MonitorConfig cfg = cluster.load();
            Properties client = cluster.client(cfg);
            TopicSetup.ensure(client, cfg.topics().all(), cfg.topics().partitions());
            try (ProgressBar bar = Progress.bar().setTaskName("replay").setInitialMax(total).setUnit(" " + unit, 1)
                    .build();
                 RecordPublisher publisher = new RecordPublisher("replay", now -> {
                     List<Keyed> group = source.apply(now);
                     bar.stepBy(group.size());
                     return group;
                 }, client, topic.apply(cfg.topics()), rate)) {
                publisher.start();
                while (!publisher.await(Duration.ofSeconds(1))) {
                    // the bar shows the progress
                }
            }
        }
    }

    @Command(name = "lumisections", mixinStandardHelpOptions = true,
            description = "Publish the rows of a lumisection feature table in file order: a CSV (run, lumisection, "
                    + "timestamp, luminosity:<stream> and events:<stream> per trigger stream, an optional "
                    + "bad_subsystems label, then one column per feature) or an HDF5 file (*.h5, *.hdf5; datasets "
                    + "as the README describes).")
    static final class Lumisections implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "FILE", description = "The feature table.")
        Path file;

        @Override
        public Integer call() throws Exception {
            long rows;
            try (FeatureTable table = FeatureTable.open(file)) {
                rows = table.size();
                target.publish(MonitorConfig.Topics::lumisections, ReplaySources.lumisections(table), rows,
                        "lumisections");
            }
            System.out.printf("Replayed %d lumisections of %s%n", rows, file);
            return 0;
        }
    }

    @Command(name = "images", mixinStandardHelpOptions = true,
            description = "Publish the events of a labelled image file, numbered into lumisections of one run in "
                    + "file order, with their truth in the metadata.")
    static final class Images implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--source", required = true, paramLabel = "SOURCE",
                description = "nova (HDF5 file), particles (CSV) or objects (folder with labels.csv).")
        String source;

        @Parameters(paramLabel = "PATH", description = "The file or folder.")
        Path path;

        @Option(names = "--run", defaultValue = "1", description = "Run number of the events (default: ${DEFAULT-VALUE}).")
        int run;

        @Option(names = "--events-per-lumisection", paramLabel = "N", defaultValue = "100",
                description = "Events per lumisection (default: ${DEFAULT-VALUE}).")
        int perLumisection;

        @Override
        public Integer call() throws Exception {
            ImageSource imageSource = ImageSource.ofId(source);
            if (run < 1 || perLumisection < 1) {
                throw new IllegalArgumentException("--run and --events-per-lumisection must be positive");
            }
            List<RecordedEvent> events;
            try {
                events = ReplaySources.load(imageSource, path);
            } catch (IOException e) {
                throw new IOException("cannot replay " + path + ": " + e.getMessage(), e);
            }
            target.publish(MonitorConfig.Topics::images, ReplaySources.images(imageSource, events, run, perLumisection,
                    path.getFileName().toString()), events.size(), "events");
            System.out.printf("Replayed %d %s events of %s as run %d%n", events.size(), source, path, run);
            return 0;
        }
    }
}
