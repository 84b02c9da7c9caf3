/**
 * The Prometheus metrics the monitor exports, consumer lag and broker connections read from the Kafka clients, and
 * what people decided about flags.
 */
package org.dqmstream.metrics;
