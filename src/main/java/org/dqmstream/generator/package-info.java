/**
 * Generated lumisections with ground truth (detector faults labelled per subsystem) and the publisher that sends
 * them, or any records, to a cluster at a chosen rate.
 */
package org.dqmstream.generator;
