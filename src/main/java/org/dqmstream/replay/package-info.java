/**
 * Labelled files (feature tables, image files) as records, for the {@code replay} command.
 */
package org.dqmstream.replay;
