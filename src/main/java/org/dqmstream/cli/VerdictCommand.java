package org.dqmstream.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.certification.CertificationTopic;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.monitor.RunKeys;
import org.dqmstream.records.FlagVerdict;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemCertification;
import org.dqmstream.records.VerdictKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verdict", mixinStandardHelpOptions = true,
        description = "Record a person's decision on a subsystem's flags over lumisections of a run: CONFIRMED (bad, "
                + "as flagged), FALSE_ALARM (good, whatever was flagged) or KNOWN_ISSUE (bad and known: the "
                + "subsystem's BAD alerts stay quiet while the run is in the range). The run's certification "
                + "takes it within seconds, keeping what the monitor said beside it. Sent to topics.flag-verdicts.")
final class VerdictCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN", required = true, description = "The run.")
    int run;

    @Option(names = "--lumisections", paramLabel = "FIRST-LAST", required = true,
            converter = NumberRange.Converter.class,
            description = "The lumisections, e.g. 12-20, 12, or 12- for the rest of the run.")
    NumberRange lumisections;

    @Option(names = "--subsystem", paramLabel = "NAME", required = true, description = "The subsystem, e.g. Hcal.")
    String subsystem;

    @Option(names = "--verdict", paramLabel = "VERDICT", required = true,
            description = "${COMPLETION-CANDIDATES}.")
    VerdictKind verdict;

    @Option(names = "--who", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "Who decided (default: the login name, ${DEFAULT-VALUE}).")
    String who;

    @Option(names = "--comment", paramLabel = "TEXT", defaultValue = "", description = "Why, for the audit trail.")
    String comment;

    @Override
    public Integer call() throws Exception {
        MonitorConfig cfg = cluster.load();
        var client = cluster.client(cfg);
        RunCertification certified = CertificationTopic.latest(client, cfg.topics().runCertification()).get(run);
        if (certified == null) {
            throw new IllegalArgumentException("run " + run + " has no certification on "
                    + cfg.topics().runCertification() + ": the monitor has not flagged it, so there is nothing to "
                    + "decide on");
        }
        var known = certified.getSubsystems().stream().map(SubsystemCertification::getSubsystem).toList();
        if (!known.contains(subsystem)) {
            throw new IllegalArgumentException("run " + run + " has no subsystem '" + subsystem + "'; it has " + known);
        }
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("--who must name who decided");
        }
        FlagVerdict record = new FlagVerdict(run, lumisections.first(), lumisections.last(), subsystem, verdict,
                who, comment, Instant.now());
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            String topic = cfg.topics().flagVerdicts();
            int partitions = producer.partitionsFor(topic).size();
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, RunKeys.partition(run, partitions),
                    RunKeys.key(run), AvroRecords.encode(record))).get(60, TimeUnit.SECONDS);
            spec.commandLine().getOut().printf("Sent %s on run %d %s lumisections %s by %s to %s (partition %d, "
                    + "offset %d)%n", verdict, run, subsystem, lumisections, who, topic, sent.partition(),
                    sent.offset());
        }
        return 0;
    }
}
