/**
 * HDF5 datasets read with their shapes checked, shared by feature tables and NOvA event files.
 */
package org.dqmstream.hdf5;
