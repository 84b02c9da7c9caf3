package org.dqmstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) on 127.0.0.1, for the
 * monitor's embedded default and for integration tests. Its log directory is deleted on close.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path logDir;
    private final int brokerPort;
    /** A listener that needs no credentials, to tell when the broker is ready. */
    private final String plainListener;
    private final Properties props;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, int brokerPort, String plainListener, Properties props,
                                KafkaRaftServer server) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.plainListener = plainListener.substring(plainListener.indexOf("://") + 3);
        this.props = props;
        this.server = server;
    }

    public static EmbeddedKafkaBroker start() throws IOException {
        return start("PLAINTEXT", Map.of());
    }

    /**
     * A broker whose clients must come over TLS and log in with SASL PLAIN as one of {@code users}
     * (name to password), as on a secured production cluster. Its certificate and key are in the PKCS12
     * {@code keystore}. The broker talks to itself (e.g. transaction markers) on a plaintext listener of
     * its own.
     */
    public static EmbeddedKafkaBroker startSaslSsl(Path keystore, String keystorePassword, Map<String, String> users)
            throws IOException {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        return start("SASL_SSL", Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString(),
                "ssl.keystore.location", keystore.toString(),
                "ssl.keystore.password", keystorePassword,
                "ssl.keystore.type", "PKCS12"));
    }

    /**
     * @param clientProtocol the security protocol of the listener clients use; other than PLAINTEXT, the
     *                       broker gets a plaintext INTERNAL listener for itself
     */
    private static EmbeddedKafkaBroker start(String clientProtocol, Map<String, String> security) throws IOException {
        Path logDir = Files.createTempDirectory("dqm-kafka-");
        int brokerPort = freePort();
        int controllerPort = freePort();
        String client = clientProtocol + "://127.0.0.1:" + brokerPort;
        String internal = clientProtocol.equals("PLAINTEXT") ? null : "INTERNAL://127.0.0.1:" + freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", client + (internal == null ? "" : "," + internal) + ",CONTROLLER://127.0.0.1:"
                + controllerPort);
        props.put("advertised.listeners", client + (internal == null ? "" : "," + internal));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", clientProtocol + ":" + clientProtocol
                + (internal == null ? "" : ",INTERNAL:PLAINTEXT") + ",CONTROLLER:PLAINTEXT");
        if (internal != null) {
            props.put("inter.broker.listener.name", "INTERNAL");
        }
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.putAll(security);

        Path config = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "dqm-stream embedded broker");
        }
        ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
        // Transactions v2 (KIP-890, the default of new 4.x clusters) made the stream's producers loop forever
        // on OUT_OF_ORDER_SEQUENCE_NUMBER after CONCURRENT_TRANSACTIONS here (ScaleOutIT, Kafka 4.3.1, one
        // broker): the embedded broker keeps the classic transaction protocol.
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted", "--feature", "transaction.version=0"},
                new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            FileUtils.deleteQuietly(logDir.toFile());
            throw new IOException("formatting Kafka storage failed: " + formatOutput.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, brokerPort, internal == null ? client : internal,
                props, server);
        try {
            broker.awaitReady();
        } catch (IOException e) {
            broker.close();
            throw e;
        }
        log.info("Embedded Kafka broker ready at {}", broker.bootstrapServers());
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    private void awaitReady() throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plainListener))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("embedded broker did not become ready", e);
        }
    }

    /** Stops the broker as an outage would, keeping its data for {@link #restart()}. */
    public void stop() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Starts the stopped broker again on the same ports with the same data. */
    public void restart() throws IOException {
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        awaitReady();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        FileUtils.deleteQuietly(logDir.toFile());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
