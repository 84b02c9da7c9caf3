/**
 * The running monitor: its Kafka Streams topology and processors (routing by run, scoring, dead letters, run
 * histories, run certification), the models in service, topic set-up, stream health and the console summary.
 */
package org.dqmstream.monitor;
