/**
 * The lumisection model: an autoencoder per channel group, standardization, error references, the run deviation,
 * calibration of thresholds, the bundle on disk, and training.
 */
package org.dqmstream.model;
