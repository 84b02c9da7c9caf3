/**
 * How well the monitor detects what it should: per-subsystem ROC AUC, efficiencies and false-alarm rates, image
 * classification figures, the fault zoo of faults the generator was not built with, and the HTML report.
 */
package org.dqmstream.evaluation;
