/**
 * The monitor's input boundary: strict Avro decoding, size and plausibility limits, and the reasons a record is
 * rejected.
 */
package org.dqmstream.ingest;
