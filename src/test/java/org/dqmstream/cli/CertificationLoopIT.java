package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dqmstream.cli.Commands.concat;
import static org.dqmstream.cli.Commands.fails;
import static org.dqmstream.cli.Commands.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.TopicReader;
import org.dqmstream.certification.Certification;
import org.dqmstream.certification.CertificationTopic;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certification loop with the project's own commands on a real broker: a generated table with fault
 * episodes is replayed and flagged; 'certify' writes golden JSON that reads back to the flagged levels;
 * 'verdict' FALSE_ALARM restores a lumisection; 'certify' again and 'train --certification' count it good;
 * 'tail' prints the records decoded; wrong verdicts are refused with a clear message.
 */
class CertificationLoopIT {
    private static final int LUMISECTIONS = 900;
    private static final String[] SMALL_CALIBRATION = {"-D", "training.warning-false-alarm-rate=0.05",
        "-D", "training.bad-false-alarm-rate=0.05"};

    @TempDir
    Path dir;

    @Test
    void flagsAVerdictCertifyAndRetrainCloseTheLoop() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        List<String> subsystems = bundle.subsystems().subsystems();
        Path table = dir.resolve("table.csv");
        run("generate", "--table", table.toString(), "--lumisections", Integer.toString(LUMISECTIONS),
                "-D", "generator.seed=91", "-D", "generator.fault-fraction=0.15");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            String[] cluster = {"--bootstrap-servers", bootstrap};
            run("replay", "lumisections", table.toString(), "--bootstrap-servers", bootstrap, "--rate", "2000");
            MonitorConfig config = MonitorConfig.defaults().with(Map.of("metrics.port", "0",
                    "kafka.application.id", "certification-it-" + UUID.randomUUID(),
                    "certification.emit-interval-seconds", "1"));
            Properties client = config.clientProperties(bootstrap);
            try (Monitor monitor = Monitor.start(config, bundle, bootstrap)) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        CertificationTopic.latest(client, config.topics().runCertification()).values().stream()
                                .mapToInt(RunCertification::getLumisections).sum() == LUMISECTIONS);

                Map<LumisectionId, Map<String, FlagLevel>> levels = flagLevels(client, config);
                assertThat(levels).hasSize(LUMISECTIONS);
                Path first = dir.resolve("certified");
                run(concat(new String[] {"certify", "--out", first.toString(), "--combine", "Muon,Track"}, cluster));
                for (String subsystem : subsystems) {
                    Certification golden = Certification.read(first.resolve(subsystem + ".json"));
                    levels.forEach((id, bySubsystem) -> assertThat(golden.isGood(id)).as("%s %s", subsystem, id)
                            .isEqualTo(bySubsystem.get(subsystem) != FlagLevel.BAD));
                }
                Certification combined = Certification.read(first.resolve("good-for-Muon+Track.json"));
                levels.forEach((id, bySubsystem) -> assertThat(combined.isGood(id)).isEqualTo(
                        bySubsystem.get("Muon") != FlagLevel.BAD && bySubsystem.get("Track") != FlagLevel.BAD));

                // The crew overrules every BAD flag of one lumisection.
                Map.Entry<LumisectionId, Map<String, FlagLevel>> flagged = levels.entrySet().stream()
                        .filter(e -> e.getValue().containsValue(FlagLevel.BAD)).findFirst().orElseThrow();
                LumisectionId id = flagged.getKey();
                List<String> overruled = flagged.getValue().entrySet().stream()
                        .filter(e -> e.getValue() == FlagLevel.BAD).map(Map.Entry::getKey).toList();
                for (String subsystem : overruled) {
                    run(concat(new String[] {"verdict", "--run", Integer.toString(id.run()), "--lumisections",
                        Integer.toString(id.lumisection()), "--subsystem", subsystem, "--verdict", "FALSE_ALARM",
                        "--who", "shifter", "--comment", "beam splash, not a detector problem"}, cluster));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> CertificationTopic.latest(client,
                        config.topics().runCertification()).get(id.run()).getVerdicts().size() == overruled.size());

                Path second = dir.resolve("recertified");
                run(concat(new String[] {"certify", "--out", second.toString()}, cluster));
                Path oneRun = dir.resolve("one-run");
                run(concat(new String[] {"certify", "--out", oneRun.toString(), "--runs", Integer.toString(id.run())},
                        cluster));
                assertThat(Certification.read(oneRun.resolve(overruled.get(0) + ".json")).runs())
                        .containsExactly(id.run());
                for (String subsystem : overruled) {
                    assertThat(Certification.read(second.resolve(subsystem + ".json")).isGood(id)).isTrue();
                }
                RunCertification audit = CertificationTopic.latest(client, config.topics().runCertification())
                        .get(id.run());
                assertThat(audit.getSubsystems()).filteredOn(s -> overruled.contains(s.getSubsystem()))
                        .allSatisfy(s -> assertThat(s.getMonitorGoodRanges().stream().anyMatch(r -> r.getFirst()
                                <= id.lumisection() && id.lumisection() <= r.getLast()))
                                .as("what the monitor said is kept").isFalse());

                // Retraining takes the crew's decision: the lumisection is now good for every subsystem.
                LabelledLumisections before = LabelledLumisections.read(table, first, subsystems);
                LabelledLumisections after = LabelledLumisections.read(table, second, subsystems);
                assertThat(before.goodForAll()).noneMatch(l -> l.id().equals(id));
                assertThat(after.goodForAll()).anyMatch(l -> l.id().equals(id));
                run(concat(new String[] {"train", "--data", table.toString(), "--certification", second.toString(),
                    "--epochs", "1", "--out", dir.resolve("retrained").toString()}, SMALL_CALIBRATION));
                ModelBundle retrained = ModelBundle.load(dir.resolve("retrained"));
                assertThat(retrained.training().trainingLumisections() + retrained.training().holdoutLumisections())
                        .isEqualTo(after.goodForAll().size());

                // Readable outputs and refusals.
                String subsystem = overruled.get(0);
                long badFlags = levels.entrySet().stream().filter(e -> e.getKey().run() == id.run()
                        && e.getValue().get(subsystem) == FlagLevel.BAD).count();
                List<String> lines = run(concat(new String[] {"tail", "flags", "--run", Integer.toString(id.run()),
                    "--subsystem", subsystem, "--level", "BAD", "--from-beginning", "--no-follow"}, cluster)).lines()
                        .toList();
                assertThat(lines).hasSize((int) badFlags).allSatisfy(l -> assertThat(l)
                        .contains("run " + id.run(), subsystem, "BAD"));
                assertThat(run(concat(new String[] {"tail", "verdicts", "--from-beginning", "--no-follow"},
                        cluster))).contains("FALSE_ALARM by shifter: beam splash");
                assertThat(run(concat(new String[] {"tail", "certifications", "--run", Integer.toString(id.run()),
                    "--from-beginning", "--no-follow", "--max", "1"}, cluster))).startsWith("run " + id.run());
                assertThat(fails(concat(new String[] {"verdict", "--run", Integer.toString(id.run()), "--lumisections",
                    "3", "--subsystem", "Hcall", "--verdict", "CONFIRMED"}, cluster))).contains("no subsystem 'Hcall'");
                assertThat(fails(concat(new String[] {"verdict", "--run", "7", "--lumisections", "3", "--subsystem",
                    "Hcal", "--verdict", "CONFIRMED"}, cluster))).contains("run 7 has no certification");
                assertThat(fails(concat(new String[] {"verdict", "--run", Integer.toString(id.run()), "--lumisections",
                    "5-3", "--subsystem", "Hcal", "--verdict", "CONFIRMED"}, cluster))).contains("empty range 5-3");
            }
        }
    }

    private static Map<LumisectionId, Map<String, FlagLevel>> flagLevels(Properties client, MonitorConfig config) {
        Map<LumisectionId, Map<String, FlagLevel>> levels = new TreeMap<>();
        var decoder = AvroRecords.<SubsystemFlag>decoder(SubsystemFlag.getClassSchema());
        for (var record : TopicReader.readAll(client, config.topics().flags())) {
            try {
                SubsystemFlag f = AvroRecords.decode(decoder, record.value(), Integer.MAX_VALUE);
                levels.computeIfAbsent(new LumisectionId(f.getRun(), f.getLumisection()), k -> new HashMap<>())
                        .put(f.getSubsystem(), f.getLevel());
            } catch (org.dqmstream.ingest.RecordRejectedException e) {
                throw new AssertionError(e);
            }
        }
        return levels;
    }
}
