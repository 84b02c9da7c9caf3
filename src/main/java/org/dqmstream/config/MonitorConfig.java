package org.dqmstream.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.dqmstream.image.ImageSource;
import org.dqmstream.ingest.InputLimits;
import org.dqmstream.model.ScorePart;
import org.dqmstream.runs.StaleReadout;

/**
 * The monitor's whole configuration, typed and checked. Sources, later ones winning: the defaults
 * resource, an optional properties file, environment variables, then command-line overrides.
 */
public record MonitorConfig(Kafka kafka, Topics topics, Input input, Output output, Duration duplicateRetention,
                            Batch batch, Path modelDir,
                            int topFeatures, Metrics metrics, Generator generator, Duration consoleInterval,
                            Training training, Map<String, String> subsystemSources, Images images,
                            Health health, Runs runs, CertificationSettings certification) {

    public static final String ENV_PREFIX = "DQM_";
    /**
     * Room a dead letter needs beyond the input record it carries (reason, detail, origin, digest, record
     * overhead): output.max-record-bytes must leave at least this much above input.max-record-bytes.
     */
    public static final int DEAD_LETTER_OVERHEAD_BYTES = 8192;
    private static final String CLIENT_PREFIX = "kafka.client.";
    private static final String SUBSYSTEM_PREFIX = "subsystems.";
    private static final String BY_RUN_SUFFIX = "-lumisections-by-run";

    /** @param bootstrapServers empty for the embedded broker */
    public record Kafka(String bootstrapServers, String applicationId, String processingGuarantee, String stateDir,
                        Map<String, String> clientProperties) {
        public boolean embedded() {
            return bootstrapServers.isEmpty();
        }
    }

    /**
     * @param lumisectionsByRun lumisection records re-keyed by run, so that one task sees a whole run; the
     *                          monitor creates it with as many partitions as {@code lumisections}
     * @param models the model registry's compacted topic, which the registry creates itself
     * @param runCertification each run's certification, compacted, keyed by run
     * @param flagVerdicts people's verdicts on flags, keyed by run, as many partitions as {@code lumisections}
     */
    public record Topics(String lumisections, String lumisectionsByRun, String scores, String flags,
                         String deadLetter, String images, String imageClassifications, String models,
                         String runCertification, String flagVerdicts, int partitions) {
        /** The record topics, each with {@link #partitions()} partitions when the monitor creates it. */
        public List<String> all() {
            return List.of(lumisections, scores, flags, deadLetter, images, imageClassifications);
        }
    }

    /**
     * @param sources the image sources scored on the stream, by source name; empty: images are not scored
     * @param warningP p-value of the class-mix check below which a lumisection is WARNING
     */
    public record Images(Map<String, ImageSourceConfig> sources, double warningP, double badP, int minEvents,
                         Duration lumisectionTimeout) {
    }

    /**
     * @param subsystem what the class-mix flags of this source are called
     * @param faultSubsystem what its detector-fault flags are called
     */
    public record ImageSourceConfig(Path modelDir, String subsystem, String faultSubsystem) {
    }

    public record Batch(int maxRecords, Duration maxWait) {
    }

    /** See {@link InputLimits}; {@code maxRecordBytes} counts key and value together. */
    public record Input(int maxRecordBytes, Instant earliestTimestamp, Duration maxTimestampAhead,
                        long maxEventsPerStream, float maxLuminosity) {
        public InputLimits limits() {
            return new InputLimits(maxRecordBytes, earliestTimestamp, maxTimestampAhead, maxEventsPerStream,
                    maxLuminosity, Clock.systemUTC());
        }
    }

    /**
     * @param maxRecordBytes the producer's max.request.size and the least max.message.bytes of every topic
     *                       the monitor writes: a dead letter of the largest accepted input must fit
     */
    public record Output(int maxRecordBytes) {
    }

    /**
     * @param recordFailureLimit times the same input record may fail its stream task before the monitor
     *                           stops, naming it, instead of replacing the stream thread again
     * @param stallAfter         an input partition whose committed offset has not moved for this long while
     *                           records wait in it is reported stalled (metric, readiness, console)
     */
    public record Health(int recordFailureLimit, Duration stallAfter) {
    }

    /**
     * What the monitor remembers of each run (see {@link StaleReadout}).
     *
     * @param retention a run not seen for this long (stream time) is forgotten
     */
    public record Runs(Duration retention, int staleMinFeatures, int staleMinRepeats) {
        public StaleReadout.Settings stale() {
            return new StaleReadout.Settings(staleMinFeatures, staleMinRepeats);
        }
    }

    /**
     * How the stream certifies runs (see {@code org.dqmstream.certification.CertificationPolicy}).
     *
     * @param emitInterval how often a changed run's certification is published
     * @param closeIdle    an open run without flags for this long (wall clock) is closed
     * @param retention    a closed run is forgotten this long after closing
     */
    public record CertificationSettings(boolean warningIsGood, int minConsecutiveBad, Duration emitInterval,
                                        Duration closeIdle, Duration retention) {
    }

    public int maxRecordBytes() {
        return input.maxRecordBytes();
    }

    public record Metrics(String host, int port) {
    }

    /**
     * @param rate        lumisection records per second
     * @param imageRate   event images per second, per configured image source
     */
    public record Generator(double rate, double faultFraction, long seed, double imageRate,
                            int imageEventsPerLumisection) {
    }

    /** @param detectors what a trained bundle's group score combines (see {@link ScorePart}) */
    public record Training(int lumisections, int epochs, double warningFalseAlarmRate, double badFalseAlarmRate,
                           List<ScorePart> detectors) {
    }

    public static MonitorConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>(read(null));
        if (file != null) {
            Map<String, String> fromFile = read(file);
            values.putAll(fromFile);
        }
        values.putAll(fromEnvironment(values.keySet(), environment));
        values.putAll(overrides);
        return from(values);
    }

    public static MonitorConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /** The same configuration with some keys replaced; checked again. */
    public MonitorConfig with(Map<String, String> overrides) {
        // Defaults first: keys of image sources that are not enabled live only there.
        Map<String, String> values = new TreeMap<>(read(null));
        values.putAll(asProperties());
        values.putAll(overrides);
        return from(values);
    }

    static MonitorConfig from(Map<String, String> v) {
        Values values = new Values(v);
        String guarantee = values.oneOf("kafka.processing.guarantee", List.of("exactly_once_v2", "at_least_once"));
        Map<String, String> client = new LinkedHashMap<>();
        // Sorted, so flags and dashboards list subsystems in one stable order.
        Map<String, String> subsystems = new TreeMap<>();
        v.forEach((key, value) -> {
            if (key.startsWith(CLIENT_PREFIX)) {
                client.put(key.substring(CLIENT_PREFIX.length()), value);
            } else if (key.startsWith(SUBSYSTEM_PREFIX) && !value.isBlank()) {
                subsystems.put(key.substring(SUBSYSTEM_PREFIX.length()), value.trim());
            }
        });
        if (subsystems.isEmpty()) {
            throw new ConfigException("subsystems.*", "at least one subsystem must be configured");
        }
        double imageWarningP = values.fraction("images.warning-p");
        double imageBadP = values.fraction("images.bad-p");
        if (imageBadP > imageWarningP) {
            throw new ConfigException("images.bad-p", "must not exceed images.warning-p (" + imageWarningP + "), got "
                    + imageBadP);
        }
        int maxInput = values.integer("input.max-record-bytes", 64, 64 << 20);
        int maxOutput = values.integer("output.max-record-bytes", 64 + DEAD_LETTER_OVERHEAD_BYTES, 256 << 20);
        if (maxInput + DEAD_LETTER_OVERHEAD_BYTES > maxOutput) {
            throw new ConfigException("output.max-record-bytes", "must be at least input.max-record-bytes ("
                    + maxInput + ") + " + DEAD_LETTER_OVERHEAD_BYTES + " so that a dead letter of the largest "
                    + "accepted input fits, got " + maxOutput);
        }
        for (String key : List.of("max.request.size", "producer.max.request.size")) {
            String set = client.get(key);
            if (set != null && parsesBelow(set, maxOutput)) {
                throw new ConfigException(CLIENT_PREFIX + key, "must be at least output.max-record-bytes ("
                        + maxOutput + "), got '" + set + "'; set output.max-record-bytes instead");
            }
        }
        Instant earliest;
        try {
            earliest = Instant.parse(values.required("input.earliest-timestamp"));
        } catch (DateTimeParseException e) {
            throw new ConfigException("input.earliest-timestamp", "must be an ISO-8601 instant such as "
                    + "2000-01-01T00:00:00Z, got '" + values.text("input.earliest-timestamp") + "'");
        }
        double warning = values.fraction("training.warning-false-alarm-rate");
        double bad = values.fraction("training.bad-false-alarm-rate");
        if (bad > warning) {
            throw new ConfigException("training.bad-false-alarm-rate", "must not exceed "
                    + "training.warning-false-alarm-rate (" + warning + "), got " + bad);
        }
        return new MonitorConfig(
                new Kafka(values.text("kafka.bootstrap.servers"), values.required("kafka.application.id"), guarantee,
                        values.text("kafka.state.dir"), Map.copyOf(client)),
                new Topics(values.required("topics.lumisections"), lumisectionsByRun(values),
                        values.required("topics.scores"),
                        values.required("topics.flags"), values.required("topics.dead-letter"),
                        values.required("topics.images"), values.required("topics.image-classifications"),
                        values.required("topics.models"), values.required("topics.run-certification"),
                        values.required("topics.flag-verdicts"), values.integer("topics.partitions", 1, 1000)),
                new Input(maxInput, earliest, Duration.ofHours(values.integer("input.max-timestamp-ahead-hours", 0,
                        24 * 365)), values.longValue("input.max-events-per-stream"),
                        (float) values.positive("input.max-luminosity")),
                new Output(maxOutput),
                Duration.ofHours(values.integer("input.duplicate-retention-hours", 1, 24 * 365)),
                new Batch(values.integer("batch.max-records", 1, 100_000),
                        Duration.ofMillis(values.integer("batch.max-wait-ms", 1, 60_000))),
                Path.of(values.required("model.dir")),
                values.integer("flags.top-features", 1, 100),
                new Metrics(values.required("metrics.host"), values.integer("metrics.port", 0, 65535)),
                new Generator(values.positive("generator.rate"), values.fractionFrom0("generator.fault-fraction"),
                        values.longValue("generator.seed"), values.positive("generator.image-rate"),
                        values.integer("generator.image-events-per-lumisection", 1, 1_000_000)),
                Duration.ofSeconds(values.integer("console.interval-seconds", 1, 3600)),
                new Training(values.integer("training.lumisections", 200, 10_000_000),
                        values.integer("training.epochs", 1, 10_000), warning, bad, detectors(values)),
                Collections.unmodifiableMap(subsystems),
                new Images(imageSources(values), imageWarningP, imageBadP,
                        values.integer("images.min-events", 2, 10_000_000),
                        Duration.ofMillis(values.integer("images.lumisection-timeout-ms", 100, 3_600_000))),
                new Health(values.integer("stream.record-failure-limit", 1, 100),
                        Duration.ofSeconds(values.integer("stream.stall-seconds", 5, 86_400))),
                new Runs(Duration.ofHours(values.integer("runs.retention-hours", 1, 24 * 365)),
                        values.integer("runs.stale-min-features", 1, 100_000),
                        values.integer("runs.stale-min-repeats", 1, 127)),
                new CertificationSettings(values.bool("certification.warning-is-good"),
                        values.integer("certification.min-consecutive-bad", 1, 10_000),
                        Duration.ofSeconds(values.integer("certification.emit-interval-seconds", 1, 3600)),
                        Duration.ofMinutes(values.integer("certification.close-idle-minutes", 1, 7 * 24 * 60)),
                        Duration.ofHours(values.integer("certification.retention-hours", 1, 24 * 365))));
    }

    /**
     * The by-run topic is the monitor's own, like a Streams repartition topic: by default named after the
     * application, so that two applications (a bench run beside a monitor, say) never read each other's.
     */
    private static String lumisectionsByRun(Values values) {
        String configured = values.text("topics.lumisections-by-run");
        return configured.isBlank() ? values.required("kafka.application.id") + BY_RUN_SUFFIX : configured;
    }

    private static boolean parsesBelow(String number, int limit) {
        try {
            return Long.parseLong(number.trim()) < limit;
        } catch (NumberFormatException e) {
            return false; // the Kafka client names a malformed value itself
        }
    }

    private static List<ScorePart> detectors(Values values) {
        List<ScorePart> out = new ArrayList<>();
        for (String name : values.text("training.detectors").split(",")) {
            ScorePart part = Arrays.stream(ScorePart.values()).filter(p -> p.detector.equals(name.trim())).findFirst()
                    .orElseThrow(() -> new ConfigException("training.detectors", "unknown detector '" + name.trim()
                            + "'; known: " + Arrays.stream(ScorePart.values()).map(p -> p.detector).toList()));
            if (!out.contains(part)) {
                out.add(part);
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, ImageSourceConfig> imageSources(Values values) {
        Map<String, ImageSourceConfig> out = new LinkedHashMap<>();
        for (String source : values.text("images.sources").split(",")) {
            String name = source.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (Arrays.stream(ImageSource.values()).noneMatch(known -> known.id().equals(name))) {
                throw new ConfigException("images.sources", "unknown image source '" + name + "'; known: "
                        + Arrays.stream(ImageSource.values()).map(ImageSource::id).toList());
            }
            String prefix = "images." + name + ".";
            out.put(name, new ImageSourceConfig(Path.of(values.required(prefix + "model-dir")),
                    values.required(prefix + "subsystem"), values.required(prefix + "fault-subsystem")));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Kafka Streams settings for this monitor; client pass-through settings last, so they win. */
    public Properties streamsProperties(String bootstrapServers, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.processingGuarantee());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        // The producer's batch size is the main throughput lever for 12 KiB records.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        // A dead letter carries an input record of up to input.max-record-bytes: it must fit the producer and
        // the changelog and repartition topics Streams creates, or its task fails again after every restart.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(output.maxRecordBytes()));
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                Integer.toString(output.maxRecordBytes()));
        // Live delay: exactly-once output is readable only after a commit (Streams' default every 100 ms
        // under exactly-once), and the stream thread runs the batch-wait punctuation only between polls
        // (Streams blocks up to 100 ms in a poll). Measured with bench at 20 lumisections/s: p99 233 ms with
        // Streams' defaults, 93-102 ms committing every 50 ms, 81-83 ms every 30 ms; backfill no slower.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "30");
        p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(Math.max(1, Math.min(100, batch.maxWait().toMillis()))));
        p.putAll(kafka.clientProperties());
        return p;
    }

    /** Settings for plain producers and consumers beside the stream (generator, console). */
    public Properties clientProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(kafka.clientProperties());
        return p;
    }

    Map<String, String> asProperties() {
        Map<String, String> m = new TreeMap<>();
        m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        m.put("kafka.application.id", kafka.applicationId());
        m.put("kafka.processing.guarantee", kafka.processingGuarantee());
        m.put("kafka.state.dir", kafka.stateDir());
        kafka.clientProperties().forEach((k, val) -> m.put(CLIENT_PREFIX + k, val));
        m.put("topics.lumisections", topics.lumisections());
        // A derived name stays derived: another application id gets its own topic.
        m.put("topics.lumisections-by-run", topics.lumisectionsByRun().equals(kafka.applicationId() + BY_RUN_SUFFIX)
                ? "" : topics.lumisectionsByRun());
        m.put("topics.scores", topics.scores());
        m.put("topics.flags", topics.flags());
        m.put("topics.dead-letter", topics.deadLetter());
        m.put("topics.images", topics.images());
        m.put("topics.image-classifications", topics.imageClassifications());
        m.put("topics.models", topics.models());
        m.put("topics.run-certification", topics.runCertification());
        m.put("topics.flag-verdicts", topics.flagVerdicts());
        m.put("images.sources", String.join(",", images.sources().keySet()));
        images.sources().forEach((name, source) -> {
            m.put("images." + name + ".model-dir", source.modelDir().toString());
            m.put("images." + name + ".subsystem", source.subsystem());
            m.put("images." + name + ".fault-subsystem", source.faultSubsystem());
        });
        m.put("images.warning-p", Double.toString(images.warningP()));
        m.put("images.bad-p", Double.toString(images.badP()));
        m.put("images.min-events", Integer.toString(images.minEvents()));
        m.put("images.lumisection-timeout-ms", Long.toString(images.lumisectionTimeout().toMillis()));
        m.put("topics.partitions", Integer.toString(topics.partitions()));
        m.put("input.max-record-bytes", Integer.toString(input.maxRecordBytes()));
        m.put("input.earliest-timestamp", input.earliestTimestamp().toString());
        m.put("input.max-timestamp-ahead-hours", Long.toString(input.maxTimestampAhead().toHours()));
        m.put("input.max-events-per-stream", Long.toString(input.maxEventsPerStream()));
        m.put("input.max-luminosity", Float.toString(input.maxLuminosity()));
        m.put("output.max-record-bytes", Integer.toString(output.maxRecordBytes()));
        m.put("stream.record-failure-limit", Integer.toString(health.recordFailureLimit()));
        m.put("stream.stall-seconds", Long.toString(health.stallAfter().toSeconds()));
        m.put("runs.retention-hours", Long.toString(runs.retention().toHours()));
        m.put("runs.stale-min-features", Integer.toString(runs.staleMinFeatures()));
        m.put("runs.stale-min-repeats", Integer.toString(runs.staleMinRepeats()));
        m.put("certification.warning-is-good", Boolean.toString(certification.warningIsGood()));
        m.put("certification.min-consecutive-bad", Integer.toString(certification.minConsecutiveBad()));
        m.put("certification.emit-interval-seconds", Long.toString(certification.emitInterval().toSeconds()));
        m.put("certification.close-idle-minutes", Long.toString(certification.closeIdle().toMinutes()));
        m.put("certification.retention-hours", Long.toString(certification.retention().toHours()));
        m.put("input.duplicate-retention-hours", Long.toString(duplicateRetention.toHours()));
        m.put("batch.max-records", Integer.toString(batch.maxRecords()));
        m.put("batch.max-wait-ms", Long.toString(batch.maxWait().toMillis()));
        m.put("model.dir", modelDir.toString());
        m.put("flags.top-features", Integer.toString(topFeatures));
        m.put("metrics.host", metrics.host());
        m.put("metrics.port", Integer.toString(metrics.port()));
        m.put("generator.rate", Double.toString(generator.rate()));
        m.put("generator.fault-fraction", Double.toString(generator.faultFraction()));
        m.put("generator.seed", Long.toString(generator.seed()));
        m.put("generator.image-rate", Double.toString(generator.imageRate()));
        m.put("generator.image-events-per-lumisection", Integer.toString(generator.imageEventsPerLumisection()));
        m.put("console.interval-seconds", Long.toString(consoleInterval.toSeconds()));
        m.put("training.lumisections", Integer.toString(training.lumisections()));
        m.put("training.epochs", Integer.toString(training.epochs()));
        m.put("training.warning-false-alarm-rate", Double.toString(training.warningFalseAlarmRate()));
        m.put("training.bad-false-alarm-rate", Double.toString(training.badFalseAlarmRate()));
        m.put("training.detectors", String.join(",", training.detectors().stream().map(p -> p.detector).toList()));
        subsystemSources.forEach((k, val) -> m.put(SUBSYSTEM_PREFIX + k, val));
        return m;
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (InputStream defaults = file == null ? MonitorConfig.class.getResourceAsStream("/dqm-stream.properties")
                : null; Reader reader = file == null ? null : Files.newBufferedReader(file)) {
            if (file == null) {
                p.load(defaults);
            } else {
                p.load(reader);
            }
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    /** DQM_KAFKA_BOOTSTRAP_SERVERS -> kafka.bootstrap.servers; DQM_KAFKA_CLIENT_SASL_MECHANISM -> kafka.client.sasl.mechanism. */
    static Map<String, String> fromEnvironment(Iterable<String> knownKeys, Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        for (String key : knownKeys) {
            String value = env.get(environmentName(key));
            if (value != null) {
                out.put(key, value.trim());
            }
        }
        String clientEnv = environmentName(CLIENT_PREFIX);
        env.forEach((name, value) -> {
            if (name.startsWith(clientEnv) && name.length() > clientEnv.length()) {
                out.put(CLIENT_PREFIX + name.substring(clientEnv.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        value.trim());
            }
        });
        return out;
    }

    /** The environment variable that sets {@code key}, e.g. DQM_KAFKA_CLIENT_SASL_MECHANISM. */
    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Typed reads that fail with the key's name. */
    private record Values(Map<String, String> v) {
        String text(String key) {
            String value = v.get(key);
            if (value == null) {
                throw new ConfigException(key, "missing");
            }
            return value;
        }

        String required(String key) {
            String value = text(key);
            if (value.isBlank()) {
                throw new ConfigException(key, "must not be empty");
            }
            return value;
        }

        String oneOf(String key, List<String> allowed) {
            String value = required(key);
            if (!allowed.contains(value)) {
                throw new ConfigException(key, "must be one of " + allowed + ", got '" + value + "'");
            }
            return value;
        }

        boolean bool(String key) {
            return Boolean.parseBoolean(oneOf(key, List.of("true", "false")));
        }

        int integer(String key, int min, int max) {
            long value = longValue(key);
            if (value < min || value > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
            }
            return (int) value;
        }

        long longValue(String key) {
            String value = required(key);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must be a whole number, got '" + value + "'");
            }
        }

        double number(String key) {
            String value = required(key);
            try {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must be a finite number, got '" + value + "'");
            }
        }

        double positive(String key) {
            double d = number(key);
            if (d <= 0) {
                throw new ConfigException(key, "must be positive, got " + d);
            }
            return d;
        }

        double fraction(String key) {
            double d = number(key);
            if (d <= 0 || d >= 1) {
                throw new ConfigException(key, "must be in (0, 1), got " + d);
            }
            return d;
        }

        double fractionFrom0(String key) {
            double d = number(key);
            if (d < 0 || d >= 1) {
                throw new ConfigException(key, "must be in [0, 1), got " + d);
            }
            return d;
        }
    }
}
