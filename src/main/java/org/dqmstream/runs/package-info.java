/**
 * What the monitor remembers of each run: its recent history, stale readout detection and the run context a
 * lumisection is judged in.
 */
package org.dqmstream.runs;
