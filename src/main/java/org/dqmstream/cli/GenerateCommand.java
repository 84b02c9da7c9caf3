package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratedStreams;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.lumisection.FeatureTable;
import org.dqmstream.monitor.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Publish generated lumisection records with faults, and event images of each image source with "
                + "detector faults and class-mix shifts, to a Kafka cluster's input topics at steady rates: a data "
                + "source for a monitor running elsewhere (e.g. the docker-compose stack).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka cluster to publish to.")
    String bootstrapServers;

    @Option(names = "--table", paramLabel = "FILE",
            description = "Instead of publishing, write --lumisections generated lumisections with their "
                    + "bad_subsystems labels to this feature table (HDF5 if named *.h5 or *.hdf5, else CSV), for "
                    + "'replay lumisections' and the --data option of train and evaluate.")
    Path table;

    @Option(names = "--certification", paramLabel = "DIR",
            description = "With --table, also write the table's labels as one golden-JSON file per subsystem, "
                    + "<Subsystem>.json, as certification would give them.")
    Path certification;

    @Option(names = "--lumisections", paramLabel = "N", defaultValue = "1000",
            description = "How many lumisections --table writes (default: ${DEFAULT-VALUE}).")
    int lumisections;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Lumisections per second (generator.rate).")
    Double rate;

    @Option(names = "--images", paramLabel = "SOURCES", split = ",",
            description = "Image sources to generate events of, e.g. nova,objects (images.sources).")
    List<String> images;

    @Option(names = "--image-rate", paramLabel = "PER_SECOND",
            description = "Event images per second, per source (generator.image-rate).")
    Double imageRate;

    @Mixin
    DurationOption duration;

    @Override
    public Integer call() throws Exception {
        if ((table == null) == (bootstrapServers == null)) {
            throw new IllegalArgumentException("give either --bootstrap-servers (publish) or --table (write a file)");
        }
        if (certification != null && table == null) {
            throw new IllegalArgumentException("--certification labels a generated --table: give --table too");
        }
        if (table != null) {
            return writeTable();
        }
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.bootstrap.servers", bootstrapServers);
        if (rate != null) {
            overrides.put("generator.rate", rate.toString());
        }
        if (images != null) {
            overrides.put("images.sources", String.join(",", images));
        }
        if (imageRate != null) {
            overrides.put("generator.image-rate", imageRate.toString());
        }
        MonitorConfig cfg = config.load(overrides);
        Properties client = cfg.clientProperties(bootstrapServers);
        TopicSetup.ensure(client, cfg.topics().all(), cfg.topics().partitions());
        try (GeneratedStreams generated = GeneratedStreams.of(cfg, client)) {
            generated.start();
            duration.await(new CountDownLatch(1));
        }
        return 0;
    }

    private int writeTable() throws Exception {
        MonitorConfig cfg = config.load(Map.of());
        FeatureLayout layout = FeatureLayout.standard();
        LumisectionGenerator generator = new LumisectionGenerator(layout,
                GeneratorSettings.defaults(cfg.generator().seed()).withFaultFraction(cfg.generator().faultFraction()));
        List<GeneratedLumisection> generated = generator.take(lumisections);
        FeatureTable.write(table, layout, generated.stream().map(GeneratedLumisection::record).toList(),
                generated.stream().map(GeneratedLumisection::badSubsystems).toList());
        System.out.printf("%d generated lumisections (%d with faults) written to %s%n", generated.size(),
                generated.stream().filter(g -> !g.isGood()).count(), table);
        if (certification != null) {
            generator.labelled(generated, cfg.subsystemSources().keySet()).writeCertification(certification);
            System.out.printf("Their certification, one golden JSON per subsystem, written to %s%n", certification);
        }
        return 0;
    }
}
