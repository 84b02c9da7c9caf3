/**
 * From scores to per-subsystem flags: levels against calibrated thresholds, which detector set them, and the
 * reason text a shift crew reads.
 */
package org.dqmstream.flags;
