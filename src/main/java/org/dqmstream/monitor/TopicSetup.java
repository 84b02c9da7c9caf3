package org.dqmstream.monitor;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the monitor's topics where they are missing, leaving existing ones as they are. */
public final class TopicSetup {
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
            }
        }
    }
}
