/**
 * Lumisection features: the CMS naming grammar, feature layouts, channel groups and feature tables (CSV, HDF5).
 */
package org.dqmstream.lumisection;
