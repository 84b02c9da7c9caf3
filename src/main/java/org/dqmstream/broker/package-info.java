/**
 * Kafka without a cluster and the clients around it: the embedded single-node KRaft broker, producers and read-
 * committed consumers set up as the monitor needs them, and reading a topic as a person looks at it.
 */
package org.dqmstream.broker;
