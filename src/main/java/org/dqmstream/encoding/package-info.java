/**
 * Wire forms shared by the record types, below every feature package: float vectors packed as
 * little-endian float32, the form of lumisection features and image pixels.
 */
package org.dqmstream.encoding;
