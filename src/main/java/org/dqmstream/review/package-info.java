/**
 * The monitor's output topics as people read them: each record decoded to one line and filtered, for the {@code
 * tail} command.
 */
package org.dqmstream.review;
