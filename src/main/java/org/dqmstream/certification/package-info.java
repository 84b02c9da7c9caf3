/**
 * What the data-quality team signs off: golden JSON ({@code {"run": [[first, last], ...]}}) per subsystem,
 * lumisections labelled by it for training and evaluation, and the run certification the stream builds from flags
 * and the shift crew's verdicts under a policy.
 */
package org.dqmstream.certification;
