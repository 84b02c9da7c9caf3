package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.cli.DqmStream;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.metrics.MetricsText;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A cluster that takes clients only over TLS with a SASL PLAIN login, with certificates made by the
 * test: the monitor, configured through its environment, connects and scores with the right
 * credentials, never writing the password to its log, metrics or output records; with a wrong password
 * or without the cluster's certificate it is refused at start with one clear message.
 */
class SecureClusterIT {
    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    private static final String SECRET = "dqm-" + UUID.randomUUID();
    private static final int LUMISECTIONS = 40;

    @TempDir
    Path dir;

    @Test
    void connectsWithTheRightCredentialsAndIsRefusedWithWrongOnes() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        makeCertificates(keystore, truststore);
        ModelBundle bundle = TestModels.bundle();
        bundle.save(dir.resolve("model"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startSaslSsl(keystore, STORE_PASSWORD,
                Map.of("dqm", SECRET))) {
            Map<String, String> security = Map.of(
                    "kafka.client.security.protocol", "SASL_SSL",
                    "kafka.client.sasl.mechanism", "PLAIN",
                    "kafka.client.sasl.jaas.config", jaas("dqm", SECRET),
                    "kafka.client.ssl.truststore.location", truststore.toString(),
                    "kafka.client.ssl.truststore.password", STORE_PASSWORD,
                    "kafka.client.ssl.truststore.type", "PKCS12");
            MonitorConfig config = MonitorConfig.defaults().with(security);
            Properties client = config.clientProperties(broker.bootstrapServers());

            String wrongPassword = "wrong-" + UUID.randomUUID();
            Map<String, String> wrongLogin = new HashMap<>(security);
            wrongLogin.put("kafka.client.sasl.jaas.config", jaas("dqm", wrongPassword));
            assertThat(runRefused(broker, wrongLogin))
                    .contains("refused the login of user 'dqm' with SASL_SSL / PLAIN")
                    .contains("Invalid username or password").doesNotContain(wrongPassword);
            // Without the cluster's certificate in its truststore, the JDK's default one does not trust it.
            Map<String, String> untrusting = new HashMap<>(security);
            untrusting.keySet().removeIf(key -> key.startsWith("kafka.client.ssl.truststore"));
            assertThat(runRefused(broker, untrusting))
                    .contains("TLS handshake with the Kafka cluster at " + broker.bootstrapServers() + " failed");

            TopicSetup.ensure(client, config.topics().all(), 1);
            Path log = dir.resolve("monitor.log");
            Process monitor = startMonitor(broker, security, log);
            try {
                publish(client, config, bundle);
                List<byte[]> outputs = awaitOutputs(client, config);
                assertThat(outputs).hasSizeGreaterThanOrEqualTo(LUMISECTIONS);
                for (byte[] output : outputs) {
                    assertThat(new String(output, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
                }
                assertThat(scrapeMetrics(log)).contains("dqm_").doesNotContain(SECRET);
            } finally {
                monitor.destroy();
                monitor.waitFor(60, TimeUnit.SECONDS);
            }
            String logged = Files.readString(log);
            assertThat(logged).contains("Monitor started").contains("sasl.jaas.config = [hidden]")
                    .doesNotContain(SECRET).doesNotContain(STORE_PASSWORD);
        }
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** A self-signed certificate for 127.0.0.1 in the broker's keystore, and in the clients' truststore. */
    private void makeCertificates(Path keystore, Path truststore) throws Exception {
        Path certificate = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("keytool %s: %s", args[0], Files.readString(dir.resolve("keytool.log"))).isTrue();
    }

    /** Runs the monitor in this JVM with these settings, expecting it to be refused; returns what it printed. */
    private String runRefused(EmbeddedKafkaBroker broker, Map<String, String> settings) {
        StringWriter err = new StringWriter();
        CommandLine cli = DqmStream.commandLine();
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", broker.bootstrapServers(),
                "--model", dir.resolve("model").toString(), "--no-generator", "--duration", "5"));
        settings.forEach((key, value) -> args.addAll(List.of("-D", key + "=" + value)));
        int exit = cli.execute(args.toArray(String[]::new));
        assertThat(exit).as("refused: %s", err).isNotZero();
        return err.toString();
    }

    /**
     * The monitor as its own JVM, given its Kafka security settings in the environment, as a deployment
     * would, and logging the Kafka clients' configuration (at INFO) so that the log shows what they print.
     */
    private Process startMonitor(EmbeddedKafkaBroker broker, Map<String, String> security, Path log) throws Exception {
        Path logging = dir.resolve("logback.xml");
        Files.writeString(logging, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dlogback.configurationFile=" + logging, "-cp", System.getProperty("java.class.path"), "org.dqmstream.cli.DqmStream", "run",
                "--bootstrap-servers", broker.bootstrapServers(), "--model", dir.resolve("model").toString(),
                "--no-generator", "-D", "metrics.port=0", "-D", "kafka.state.dir=" + dir.resolve("state"),
                "-D", "kafka.application.id=secure-it-" + UUID.randomUUID());
        security.forEach((key, value) -> builder.environment().put(MonitorConfig.environmentName(key), value));
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void publish(Properties client, MonitorConfig config, ModelBundle bundle) {
        LumisectionGenerator generator = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(9));
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            for (int i = 0; i < LUMISECTIONS; i++) {
                LumisectionFeatures r = generator.next().record();
                producer.send(new ProducerRecord<>(config.topics().lumisections(),
                        Integer.toString(r.getRun()).getBytes(StandardCharsets.UTF_8), AvroRecords.encode(r)));
            }
        }
    }

    /** Every committed output record, once there is a score for each input (at most two minutes). */
    private static List<byte[]> awaitOutputs(Properties client, MonitorConfig config) {
        var t = config.topics();
        List<byte[]> outputs = new ArrayList<>();
        int scores = 0;
        try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.committedReader(client,
                List.of(t.scores(), t.flags(), t.deadLetter()))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (scores < LUMISECTIONS && System.nanoTime() < deadline) {
                for (var r : reader.poll(Duration.ofMillis(500))) {
                    outputs.add(r.value());
                    scores += r.topic().equals(t.scores()) ? 1 : 0;
                }
            }
        }
        assertThat(scores).as("lumisections scored over SASL_SSL").isEqualTo(LUMISECTIONS);
        return outputs;
    }

    private static String scrapeMetrics(Path log) throws Exception {
        Matcher url = Pattern.compile("metrics on (http://\\S+/metrics)").matcher(Files.readString(log));
        assertThat(url.find()).as("metrics address logged").isTrue();
        return MetricsText.scrape(url.group(1));
    }
}
