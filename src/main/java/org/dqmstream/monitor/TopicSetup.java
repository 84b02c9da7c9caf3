package org.dqmstream.monitor;

import java.io.IOException;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the monitor's topics where they are missing, leaving existing ones as they are. Being the
 * first contact with the cluster, it also turns a refused login or TLS handshake into one clear message.
 */
public final class TopicSetup {
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private TopicSetup() {
    }

    /** Missing topics get {@code partitions} partitions and the cluster's default replication. */
    public static void ensure(Properties clientProperties, List<String> topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                throw new IOException(refusal(clientProperties, refused), refused);
            }
            throw e;
        }
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
