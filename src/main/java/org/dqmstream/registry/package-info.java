/**
 * The model registry: a compacted topic announcing which bundle is in service, with promote, rollback, and the
 * watcher that swaps models in running monitors.
 */
package org.dqmstream.registry;
