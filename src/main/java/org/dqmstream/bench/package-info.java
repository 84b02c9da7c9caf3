/**
 * The {@code bench} command: the FP32 matrix-multiply ceiling, model FLOPs, and stream rates, CPU per record and
 * live delays measured on the embedded broker.
 */
package org.dqmstream.bench;
