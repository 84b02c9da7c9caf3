/**
 * Batched scoring of lumisections: decoded features through the model to channel-group scores and reconstruction
 * errors.
 */
package org.dqmstream.scoring;
