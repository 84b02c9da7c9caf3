package org.dqmstream.monitor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.kafka.common.errors.TopicExistsException;
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
     * the by-run and verdict topics, created with the lumisection topic's partition count (a different count
     * would split runs), the compacted certification topic, and every topic the monitor writes allowing
     * records of output.max-record-bytes.
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
            requireRunPartitioned(admin, existing, topics.lumisectionsByRun(), "topics.lumisections-by-run", partitions,
                    topics.lumisections(), Map.of());
            // Verdicts are the record of what people decided: never deleted.
            requireRunPartitioned(admin, existing, topics.flagVerdicts(), "topics.flag-verdicts", partitions,
                    topics.lumisections(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
            if (!existing.contains(topics.runCertification())) {
                create(admin, List.of(topics.runCertification()), partitions,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            List<String> written = new ArrayList<>(List.of(topics.lumisectionsByRun(), topics.scores(), topics.flags(),
                    topics.deadLetter(), topics.runCertification()));
            if (!config.images().sources().isEmpty()) {
                written.add(topics.imageClassifications());
            }
            // Those just created above exist now; a missing output topic is created by the cluster on first write.
            requireRecordSize(admin, written.stream().filter(t -> existing.contains(t)
                    || t.equals(topics.lumisectionsByRun()) || t.equals(topics.runCertification())).toList(),
                    config.output().maxRecordBytes());
            return partitions;
        } catch (ExecutionException e) {
            throw refusalOr(clientProperties, e);
        }
    }

    /**
     * A topic keyed by run that must have the input's partition count, so that a run's records meet its
     * task: created so, or refused when it exists with another count.
     */
    private static void requireRunPartitioned(Admin admin, Set<String> existing, String topic, String key,
                                              int partitions, String input, Map<String, String> configs)
            throws Exception {
        if (!existing.contains(topic)) {
            create(admin, List.of(topic), partitions, configs);
            return;
        }
        int found = partitionCount(admin, topic);
        if (found != partitions) {
            throw new IllegalStateException("topic " + topic + " (" + key + ") has " + found + " partitions but "
                    + input + " has " + partitions + ": they must match; give it " + partitions + " partitions"
                    + " (or delete it, if it holds nothing to keep, and the monitor recreates it)");
        }
    }

    private static void create(Admin admin, List<String> topics, int partitions) throws Exception {
        create(admin, topics, partitions, Map.of());
    }

    private static void create(Admin admin, List<String> topics, int partitions, Map<String, String> configs)
            throws Exception {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(CREATED_TOPIC_MAX_MESSAGE_BYTES));
        var created = admin.createTopics(topics.stream().map(t -> new NewTopic(t, Optional.of(partitions),
                Optional.empty()).configs(all)).toList()).values();
        for (var topic : created.values()) {
            try {
                topic.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Another instance starting at the same moment created it first: as good.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
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
