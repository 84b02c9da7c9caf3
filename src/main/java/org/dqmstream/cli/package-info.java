/**
 * The {@code dqm-stream} command line (picocli): one class per command, each a thin layer over the feature
 * packages.
 */
package org.dqmstream.cli;
