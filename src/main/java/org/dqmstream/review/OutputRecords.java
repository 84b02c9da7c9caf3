package org.dqmstream.review;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.message.MessageDecoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.LumisectionScore;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemCertification;
import org.dqmstream.records.SubsystemFlag;

/** The monitor's output topics as people read them: each record decoded to one line, filtered. */
public final class OutputRecords {
    private OutputRecords() {
    }

    /** What to show; null fields match everything. A filter a kind of record does not carry matches it. */
    public record Filter(Integer run, String subsystem, FlagLevel level) {
        public static final Filter ALL = new Filter(null, null, null);

        boolean run(int run) {
            return this.run == null || this.run == run;
        }

        boolean subsystem(String subsystem) {
            return this.subsystem == null || this.subsystem.equalsIgnoreCase(subsystem);
        }

        boolean level(FlagLevel level) {
            return this.level == null || this.level == level;
        }
    }

    /** An output topic and how to print its records. */
    public enum Kind {
        FLAGS(MonitorConfig.Topics::flags, Line.<SubsystemFlag>of(SubsystemFlag.getClassSchema(),
                (f, filter) -> filter.run(f.getRun()) && filter.subsystem(f.getSubsystem())
                        && filter.level(f.getLevel()) ? flag(f) : null)),
        SCORES(MonitorConfig.Topics::scores, Line.<LumisectionScore>of(LumisectionScore.getClassSchema(),
                (s, filter) -> filter.run(s.getRun()) ? score(s) : null)),
        CERTIFICATIONS(MonitorConfig.Topics::runCertification, Line.<RunCertification>of(
                RunCertification.getClassSchema(), (c, filter) -> filter.run(c.getRun()) ? certification(c, filter)
                        : null)),
        VERDICTS(MonitorConfig.Topics::flagVerdicts, Line.<FlagVerdict>of(FlagVerdict.getClassSchema(),
                (v, filter) -> filter.run(v.getRun()) && filter.subsystem(v.getSubsystem()) ? verdict(v) : null)),
        DEAD_LETTERS(MonitorConfig.Topics::deadLetter, Line.<DeadLetter>of(DeadLetter.getClassSchema(),
                (d, filter) -> deadLetter(d))),
        IMAGE_CLASSIFICATIONS(MonitorConfig.Topics::imageClassifications, Line.<ImageClassification>of(
                ImageClassification.getClassSchema(), (i, filter) -> filter.run(i.getRun()) ? classification(i)
                        : null));

        private final Function<MonitorConfig.Topics, String> topic;
        private final Line<?> line;

        Kind(Function<MonitorConfig.Topics, String> topic, Line<?> line) {
            this.topic = topic;
            this.line = line;
        }

        public String topic(MonitorConfig.Topics topics) {
            return topic.apply(topics);
        }

        /** The name on the command line: flags, dead-letters, ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind ofId(String id) {
            for (Kind kind : values()) {
                if (kind.id().equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown output '" + id + "'; one of "
                    + List.of(values()).stream().map(Kind::id).toList());
        }

        /** The record's line, if it passes the filter; a record that does not decode is shown as such. */
        public Optional<String> line(byte[] value, Filter filter) {
            try {
                return Optional.ofNullable(line.apply(value, filter));
            } catch (RecordRejectedException e) {
                return Optional.of("undecodable " + id() + " record: " + e.getMessage());
            }
        }
    }

    /** Decodes a record of one type and prints it, or null when the filter leaves it out. */
    private record Line<T extends SpecificRecordBase>(MessageDecoder<T> decoder, BiFunction<T, Filter, String> print) {
        static <T extends SpecificRecordBase> Line<T> of(Schema schema, BiFunction<T, Filter, String> print) {
            return new Line<>(AvroRecords.decoder(schema), print);
        }

        String apply(byte[] value, Filter filter) throws RecordRejectedException {
            return print.apply(AvroRecords.decode(decoder, value, Integer.MAX_VALUE), filter);
        }
    }

    static String flag(SubsystemFlag f) {
        return String.format(Locale.ROOT, "%s run %d LS %d %-8s %-7s score %.2f (%s, model %s): %s", f.getTimestamp(),
                f.getRun(), f.getLumisection(), f.getSubsystem(), f.getLevel(), f.getScore(), f.getDetector(),
                f.getModelVersion(), f.getReason());
    }

    static String score(LumisectionScore s) {
        String top = s.getGroupScores().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(3)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s run %d LS %d model %s, highest group scores: %s", s.getTimestamp(),
                s.getRun(), s.getLumisection(), s.getModelVersion(), top);
    }

    static String certification(RunCertification c, Filter filter) {
        List<SubsystemCertification> shown = c.getSubsystems().stream().filter(s -> filter.subsystem(s.getSubsystem())
                && (filter.subsystem != null || !s.getBadRanges().isEmpty())).toList();
        String subsystems = shown.stream().map(s -> {
            long good = s.getGoodRanges().stream().mapToLong(r -> r.getLast() - r.getFirst() + 1L).sum();
            String bad = s.getBadRanges().stream().map(r -> r.getFirst() + "-" + r.getLast()
                    + (r.getVerdict() == null ? "" : " " + r.getVerdict())).collect(Collectors.joining(", "));
            return s.getSubsystem() + " " + good + "/" + c.getLumisections() + " good"
                    + (bad.isEmpty() ? "" : " (bad " + bad + ")");
        }).collect(Collectors.joining("; "));
        if (filter.subsystem == null) {
            subsystems = shown.isEmpty() ? "every subsystem good" : subsystems + "; the others good";
        }
        return String.format(Locale.ROOT, "run %d %s LS %d-%d (%s to %s), %d flagged: %s; %d verdicts", c.getRun(),
                c.getOpen() ? "open" : "closed", c.getFirstLumisection(), c.getLastLumisection(), c.getStart(),
                c.getEnd(), c.getLumisections(), subsystems, c.getVerdicts().size());
    }

    static String classification(ImageClassification i) {
        return String.format(Locale.ROOT, "%s run %d LS %d event %d %s: %s (p %.3f, model %s)", i.getTimestamp(),
                i.getRun(), i.getLumisection(), i.getEvent(), i.getSource(), i.getPredictedClass(),
                i.getProbabilities().getOrDefault(i.getPredictedClass(), Double.NaN), i.getModelVersion());
    }

    static String verdict(FlagVerdict v) {
        return String.format(Locale.ROOT, "%s run %d LS %d-%s %s %s by %s%s", v.getTimestamp(), v.getRun(),
                v.getFirstLumisection(), v.getLastLumisection() == null ? "end" : v.getLastLumisection().toString(),
                v.getSubsystem(), v.getVerdict(), v.getWho(), v.getComment().isBlank() ? "" : ": " + v.getComment());
    }

    static String deadLetter(DeadLetter d) {
        return String.format(Locale.ROOT, "%s %s-%d@%d %s: %s", d.getTimestamp(), d.getSourceTopic(), d.getPartition(),
                d.getOffset(), d.getReason(), d.getDetail());
    }
}
