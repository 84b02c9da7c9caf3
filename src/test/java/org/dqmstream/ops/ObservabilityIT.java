package org.dqmstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.certification.CertificationTopic;
import org.dqmstream.cli.DqmStream;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.EventImages;
import org.dqmstream.image.ImageFault;
import org.dqmstream.image.NovaEventGenerator;
import org.dqmstream.image.NovaFaultModel;
import org.dqmstream.image.SeparableParticles;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.monitor.TopicSetup;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.PixelEncoding;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shift crew's view with real parts: the monitor on the embedded broker, Debian's Prometheus scraping
 * it with the project's alert rules, Debian's Alertmanager with the project's routing, a local webhook
 * as receiver. One stack for the class; the tests run in order, each on what the ones before sent: clean data
 * raises no alert; injected faults raise the expected ones, which reach the receivers they are routed to; a
 * KNOWN_ISSUE verdict quiets its subsystem; every dashboard query returns data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    private static final int PARTICLE_RUN = 900_001;
    private static final int NOVA_RUN = 900_002;
    private static final int OBJECTS_RUN = 900_003;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path models;

    private final ModelBundle bundle = TestModels.bundle();
    private final Deque<AutoCloseable> stack = new ArrayDeque<>();
    private MonitorConfig config;
    private EmbeddedKafkaBroker broker;
    private Properties client;
    private AlertReceiver receiver;
    private PrometheusStack prometheus;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> flagReader;
    private final Map<String, SubsystemFlag> imageFlags = new HashMap<>();
    private final int[] lumisectionFlags = {0};
    private final Random rng = new Random(3);
    private final NovaEventGenerator nova = new NovaEventGenerator(41);
    /** What the fault test sent and saw, for the tests after it. */
    private List<GeneratedLumisection> faulty;
    private Set<String> badSubsystems;

    @BeforeAll
    void startStack() throws Exception {
        SeparableParticles.bundle().save(models.resolve("particles"));
        NovaFaultModel.bundle().save(models.resolve("nova"));
        Files.createDirectories(models.resolve("objects"));
        Files.writeString(models.resolve("objects/manifest.json"), "{\"kind\": \"image-source\", truncated");
        config = MonitorConfig.defaults().with(Map.ofEntries(Map.entry("metrics.port", "0"),
                Map.entry("kafka.application.id", "observability-it-" + UUID.randomUUID()),
                Map.entry("batch.max-records", "64"), Map.entry("images.sources", "particles,nova,objects"),
                Map.entry("images.particles.model-dir", models.resolve("particles").toString()),
                Map.entry("images.nova.model-dir", models.resolve("nova").toString()),
                Map.entry("images.objects.model-dir", models.resolve("objects").toString()),
                Map.entry("images.min-events", "50"), Map.entry("images.lumisection-timeout-ms", "5000")));
        broker = opened(EmbeddedKafkaBroker.start());
        receiver = opened(new AlertReceiver());
        client = config.clientProperties(broker.bootstrapServers());
        TopicSetup.ensure(client, config.topics().all(), 3);
        Monitor monitor = opened(Monitor.start(config, bundle, broker.bootstrapServers()));
        prometheus = opened(PrometheusStack.start(monitor.metricsPort(), receiver.url()));
        producer = opened(KafkaClients.producer(client));
        flagReader = opened(KafkaClients.committedReader(client, List.of(config.topics().flags())));
    }

    @AfterAll
    void stopStack() throws Exception {
        while (!stack.isEmpty()) {
            stack.pop().close();
        }
    }

    private <T extends AutoCloseable> T opened(T part) {
        stack.push(part);
        return part;
    }

    @Test
    @Order(1)
    void cleanDataRaisesNoAlert() throws Exception {
        List<GeneratedLumisection> clean = new LumisectionGenerator(bundle.layout(),
                GeneratorSettings.defaults(101).withFaultFraction(0)).take(200);
        clean.forEach(g -> send(config.topics().lumisections(), g.record().getRun(), AvroRecords.encode(g.record())));
        for (int ls = 1; ls <= 3; ls++) {
            sendImages(EventImages.particles(PARTICLE_RUN, ls, 300, 0, rng));
        }
        sendImages(EventImages.nova(NOVA_RUN, 1, 100, null, nova));
        sendImages(EventImages.nova(NOVA_RUN, 2, 100, null, nova));
        producer.flush();
        awaitFlags(() -> lumisectionFlags[0] >= 200 * 16 && imageFlags.keySet().containsAll(List.of("particles:1",
                "particles:2", "particles:3", "nova:1", "nova:2")));
        Thread.sleep(4000); // a few scrapes and rule evaluations
        assertThat(activeAlertNames(prometheus)).as("alerts on clean data\n" + prometheus.alerts())
                .isSubsetOf(Set.of("DqmModelNotLoaded"));
    }

    /**
     * Lumisections ending in a fault episode, undecodable records, a shifted particle mix, a dead NOvA plane, and
     * images of the source whose model did not load.
     */
    @Test
    @Order(2)
    void injectedFaultsAreFlaggedAndRaiseTheExpectedAlerts() throws Exception {
        faulty = endingInFaultEpisode(new LumisectionGenerator(bundle.layout(),
                GeneratorSettings.defaults(202).withFaultFraction(0.5).withMinIntensity(0.8)).take(600), 100, 8);
        Set<String> episodeSubsystems = faulty.get(faulty.size() - 1).badSubsystems();
        for (int i = 0; i < faulty.size(); i++) {
            int run = faulty.get(i).record().getRun();
            send(config.topics().lumisections(), run, AvroRecords.encode(faulty.get(i).record()));
            if (i % 10 == 0) {
                send(config.topics().lumisections(), run, "not a lumisection".getBytes(StandardCharsets.UTF_8));
            }
        }
        sendImages(EventImages.particles(PARTICLE_RUN, 4, 300, 0.3, rng));
        sendImages(EventImages.nova(NOVA_RUN, 3, 100, new ImageFault.Injection(ImageFault.DEAD_PLANE, 0, 37, 0, 1),
                nova));
        for (int i = 0; i < 20; i++) {
            sendImages(List.of(new EventImage(OBJECTS_RUN, 1, (long) i, Instant.now(), "objects", 1, 32, 32,
                    PixelEncoding.UINT8, ByteBuffer.wrap(new byte[32 * 32]), Map.of())));
        }
        producer.flush();
        awaitFlags(() -> imageFlags.keySet().containsAll(List.of("particles:4", "nova:3")));

        assertThat(imageFlags.get("particles:4").getLevel()).as("shifted mix").isEqualTo(FlagLevel.BAD);
        assertThat(imageFlags.get("nova:3").getLevel()).as("dead plane").isEqualTo(FlagLevel.BAD);
        assertThat(imageFlags.get("nova:3").getReason()).contains("x-z view: dead-plane signature at plane 37");
        for (String healthy : List.of("particles:1", "particles:2", "particles:3", "nova:1", "nova:2")) {
            assertThat(imageFlags.get(healthy).getLevel()).as(healthy).isEqualTo(FlagLevel.GOOD);
        }

        JsonNode firing = awaitFiring(prometheus, Set.of("DqmSubsystemBad", "DqmDeadLetterRateHigh",
                "DqmModelNotLoaded"));
        Set<String> bad = new HashSet<>();
        for (JsonNode a : firing) {
            if (a.at("/labels/alertname").asText().equals("DqmSubsystemBad")) {
                bad.add(a.at("/labels/subsystem").asText());
            }
        }
        // Dt, Csc and Rpc are judged from the same muon channel groups: a fault in one shows in all.
        Set<String> episodeGroups = new HashSet<>();
        episodeSubsystems.forEach(e -> episodeGroups.addAll(bundle.subsystems().groups(e)));
        Set<String> sharingGroups = new HashSet<>();
        bundle.subsystems().groupsBySubsystem().forEach((name, groups) -> {
            if (groups.stream().anyMatch(episodeGroups::contains)) {
                sharingGroups.add(name);
            }
        });
        assertThat(bad).as("BAD alerts for the episode's subsystems").containsAnyElementsOf(episodeSubsystems)
                .as("and no subsystem judged from other channel groups").isSubsetOf(sharingGroups);
        assertThat(firing).anySatisfy(a -> {
            assertThat(a.at("/labels/alertname").asText()).isEqualTo("DqmDeadLetterRateHigh");
            assertThat(a.at("/labels/source").asText()).isEqualTo("lumisection");
        });
        assertThat(firing).anySatisfy(a -> {
            assertThat(a.at("/labels/alertname").asText()).isEqualTo("DqmModelNotLoaded");
            assertThat(a.at("/labels/model").asText()).isEqualTo("objects");
        });
        badSubsystems = bad;
    }

    @Test
    @Order(3)
    void alertsReachTheReceiversTheyAreRoutedTo() {
        awaitDeliveries(receiver, Map.of("DqmSubsystemBad", "shift-crew", "DqmDeadLetterRateHigh", "expert-on-call",
                "DqmModelNotLoaded", "expert-on-call"));
    }

    @Test
    @Order(4)
    void aKnownIssueVerdictQuietsItsSubsystemsAlertWhileTheOthersFire() {
        assertThat(badSubsystems).as("BAD alerts from the fault test").isNotNull();
        String known = badSubsystems.stream().filter(bundle.subsystems().subsystems()::contains).sorted()
                .findFirst().orElseThrow();
        Set<String> stillBad = new HashSet<>(badSubsystems);
        stillBad.remove(known);
        assertThat(stillBad).as("another subsystem to keep firing").isNotEmpty();
        int run = faulty.get(faulty.size() - 1).record().getRun();
        await().atMost(Duration.ofSeconds(60)).until(() -> CertificationTopic.latest(client,
                config.topics().runCertification()).containsKey(run));
        assertThat(DqmStream.commandLine().execute("verdict", "--bootstrap-servers", broker.bootstrapServers(),
                "--run", Integer.toString(run), "--lumisections", "1-", "--subsystem", known, "--verdict",
                "KNOWN_ISSUE", "--who", "shifter", "--comment", "known problem, expert informed")).isZero();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(firingSubsystems(prometheus)).as("BAD alerts after the verdict")
                        .doesNotContain(known).containsAll(stillBad));
    }

    @Test
    @Order(5)
    void everyDashboardQueryReturnsData() throws Exception {
        assertThat(badSubsystems).as("BAD alerts from the fault test").isNotNull();
        String subsystem = badSubsystems.stream().sorted().reduce((first, second) -> second).orElseThrow();
        for (Path dashboard : DashboardSchemaTest.dashboards()) {
            checkDashboard(prometheus, dashboard, Map.of("$subsystem", subsystem, "$source", "particles",
                    "$__rate_interval", "2m", "$__range", "10m"));
        }
    }

    /**
     * The prefix of {@code generated} that ends with the first fault episode of at least {@code length}
     * lumisections after the first {@code skip}.
     */
    private static List<GeneratedLumisection> endingInFaultEpisode(List<GeneratedLumisection> generated, int skip,
                                                                   int length) {
        int streak = 0;
        for (int i = skip + 1; i < generated.size(); i++) {
            Set<String> bad = generated.get(i).badSubsystems();
            streak = !bad.isEmpty() && bad.equals(generated.get(i - 1).badSubsystems()) ? streak + 1 : 0;
            if (streak + 1 >= length) {
                return generated.subList(0, i + 1);
            }
        }
        throw new AssertionError("no fault episode of " + length + " lumisections generated");
    }

    private static void checkDashboard(PrometheusStack prometheus, Path file, Map<String, String> variables)
            throws Exception {
        JsonNode dashboard = JSON.readTree(file.toFile());
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("type").asText().equals("query")) {
                Matcher m = Pattern.compile("label_values\\((.+), *(\\w+)\\)").matcher(variable.at("/query/query").asText());
                assertThat(m.matches()).as(file + " variable " + variable.get("name")).isTrue();
                assertThat(prometheus.labelValues(m.group(2), m.group(1))).as(file + " variable " + variable.get("name"))
                        .isNotEmpty();
            }
        }
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asText();
                for (var v : variables.entrySet()) {
                    expr = expr.replace(v.getKey(), v.getValue());
                }
                assertThat(prometheus.query(expr)).as(file.getFileName() + " / " + panel.get("title").asText() + ": " + expr)
                        .isNotEmpty();
            }
        }
    }

    private static Set<String> firingSubsystems(PrometheusStack prometheus) throws Exception {
        Set<String> subsystems = new HashSet<>();
        prometheus.alerts().forEach(a -> {
            if (a.at("/labels/alertname").asText().equals("DqmSubsystemBad")
                    && a.get("state").asText().equals("firing")) {
                subsystems.add(a.at("/labels/subsystem").asText());
            }
        });
        return subsystems;
    }

    private static Set<String> activeAlertNames(PrometheusStack prometheus) throws Exception {
        Set<String> names = new HashSet<>();
        prometheus.alerts().forEach(a -> names.add(a.at("/labels/alertname").asText()));
        return names;
    }

    private static JsonNode awaitFiring(PrometheusStack prometheus, Set<String> expected) throws Exception {
        try {
            return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(prometheus::alerts, alerts -> {
                        Set<String> firing = new HashSet<>();
                        alerts.forEach(a -> {
                            if (a.get("state").asText().equals("firing")) {
                                firing.add(a.at("/labels/alertname").asText());
                            }
                        });
                        return firing.containsAll(expected);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("expected " + expected + " to fire; alerts: " + prometheus.alerts() + "\n"
                    + prometheus.logs(), e);
        }
    }

    private static void awaitDeliveries(AlertReceiver receiver, Map<String, String> receiverByAlert) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .alias("deliveries " + receiverByAlert).until(() -> receiverByAlert.entrySet().stream()
                        .allMatch(e -> receiver.deliveries().stream().anyMatch(d -> d.alertname().equals(e.getKey())
                                && d.receiver().equals(e.getValue()) && d.status().equals("firing"))));
    }

    private void awaitFlags(Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.call()) {
            assertThat(System.nanoTime()).as("flags in time: %d lumisection flags, image flags %s", lumisectionFlags[0],
                    imageFlags.keySet()).isLessThan(deadline);
            for (ConsumerRecord<byte[], byte[]> r : flagReader.poll(Duration.ofMillis(500))) {
                SubsystemFlag f = SubsystemFlag.getDecoder().decode(r.value());
                if (f.getSource().equals("lumisection")) {
                    lumisectionFlags[0]++;
                } else {
                    String source = f.getRun() == PARTICLE_RUN ? "particles" : "nova";
                    imageFlags.put(source + ":" + f.getLumisection(), f);
                }
            }
        }
    }

    private void sendImages(List<EventImage> images) {
        images.forEach(i -> send(config.topics().images(), i.getRun(), AvroRecords.encode(i)));
    }

    private void send(String topic, int run, byte[] value) {
        producer.send(new ProducerRecord<>(topic, Integer.toString(run).getBytes(StandardCharsets.UTF_8), value));
    }
}
