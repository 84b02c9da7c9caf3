package org.dqmstream.monitor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.dqmstream.config.MonitorConfig;

/**
 * Creates the monitor's topics where they are missing, leaving existing ones as they are. Being the
 * first contact with the cluster, it also turns a refused login or TLS handshake into one clear message.
 */
public final class TopicSetup {
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private TopicSetup() {
    }

    /**
     * The largest record a topic the monitor creates accepts: well above output.max-record-bytes' default,
     * so that raising the input limit does not need the topics altered.
     */
    static final int CREATED_TOPIC_MAX_MESSAGE_BYTES = 8 << 20;

    /**
     * Missing topics get {@code partitions} partitions, the cluster's default replication, and
     * {@link #CREATED_TOPIC_MAX_MESSAGE_BYTES} as their max.message.bytes.
     */
    public static void ensure(Properties clientProperties, List<String> topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            create(admin, topics.stream().distinct().filter(t -> !existing.contains(t)).toList(), partitions);
        } catch (ExecutionException e) {
            throw refusalOr(clientProperties, e);
        }
    }

    /**
     * Makes ready what the stream itself needs before it starts, and refuses a cluster it would stall on:
     * the by-run topic, created with the lumisection topic's partition count (a different count would
     * split runs), and every topic the monitor writes allowing records of output.max-record-bytes.
     *
     * @return the lumisection topic's partition count
     */
    public static int prepareStream(Properties clientProperties, MonitorConfig config) throws Exception {
        MonitorConfig.Topics topics = config.topics();
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            if (!existing.contains(topics.lumisections())) {
                throw new IllegalStateException("the input topic " + topics.lumisections() + " (topics.lumisections) "
                        + "does not exist on the cluster");
            }
            int partitions = partitionCount(admin, topics.lumisections());
            if (!existing.contains(topics.lumisectionsByRun())) {
                create(admin, List.of(topics.lumisectionsByRun()), partitions);
            } else if (partitionCount(admin, topics.lumisectionsByRun()) != partitions) {
                throw new IllegalStateException("topic " + topics.lumisectionsByRun() + " (topics.lumisections-by-run) "
                        + "has " + partitionCount(admin, topics.lumisectionsByRun()) + " partitions but "
                        + topics.lumisections() + " has " + partitions + ": they must match; delete it (the "
                        + "monitor recreates it) or give it " + partitions + " partitions");
            }
            List<String> written = new ArrayList<>(List.of(topics.lumisectionsByRun(), topics.scores(), topics.flags(),
                    topics.deadLetter()));
            if (!config.images().sources().isEmpty()) {
                written.add(topics.imageClassifications());
            }
            requireRecordSize(admin, written.stream().filter(t -> existing.contains(t)
                    || t.equals(topics.lumisectionsByRun())).toList(), config.output().maxRecordBytes());
            return partitions;
        } catch (ExecutionException e) {
            throw refusalOr(clientProperties, e);
        }
    }

    private static void create(Admin admin, List<String> topics, int partitions) throws Exception {
        if (topics.isEmpty()) {
            return;
        }
        admin.createTopics(topics.stream().map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(CREATED_TOPIC_MAX_MESSAGE_BYTES)))).toList()).all().get(60, TimeUnit.SECONDS);
        awaitLeaders(admin, topics);
    }

    private static int partitionCount(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic)
                .partitions().size();
    }

    /** Every topic must take the largest record the monitor writes, or that record would fail its task for good. */
    private static void requireRecordSize(Admin admin, List<String> topics, int maxRecordBytes) throws Exception {
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
        for (ConfigResource resource : resources) {
            ConfigEntry entry = configs.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry != null && entry.value() != null && Long.parseLong(entry.value()) < maxRecordBytes) {
                throw new IllegalStateException("topic " + resource.name() + " takes records of at most "
                        + entry.value() + " bytes (its max.message.bytes), but output.max-record-bytes is "
                        + maxRecordBytes + ": a dead letter of the largest accepted input would stall its partition. "
                        + "Raise the topic's max.message.bytes, or lower input.max-record-bytes and "
                        + "output.max-record-bytes");
            }
        }
    }

    private static Exception refusalOr(Properties clientProperties, ExecutionException e) {
        if (e.getCause() instanceof AuthenticationException refused) {
            return new IOException(refusal(clientProperties, refused), refused);
        }
        return e;
    }

    /**
     * Returns once every partition of the new topics has a leader in the cluster's metadata, so that
     * clients started next find one. The leader may still refuse writes for a moment while it takes over:
     * {@link org.dqmstream.broker.KafkaClients#producer} retries those in order.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(60, TimeUnit.SECONDS);
                if (described.values().stream().flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leader for every partition of " + topics + " after 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** What was refused and which settings to check; it names the user, never a password. */
    static String refusal(Properties client, AuthenticationException refused) {
        String cluster = "the Kafka cluster at " + client.getProperty("bootstrap.servers");
        if (refused instanceof SslAuthenticationException) {
            return "TLS handshake with " + cluster + " failed (" + refused.getMessage() + "): check "
                    + "kafka.client.ssl.truststore.location and kafka.client.ssl.truststore.password";
        }
        Matcher user = JAAS_USER.matcher(client.getProperty("sasl.jaas.config", ""));
        return cluster + " refused the login" + (user.find() ? " of user '" + user.group(1) + "'" : "")
                + " with " + client.getProperty("security.protocol", "PLAINTEXT") + " / "
                + client.getProperty("sasl.mechanism", "GSSAPI") + " (" + refused.getMessage() + "): check "
                + "kafka.client.sasl.mechanism and kafka.client.sasl.jaas.config";
    }
}
