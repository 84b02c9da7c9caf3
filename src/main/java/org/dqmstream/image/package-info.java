/**
 * Event images: the record types and sources (NOvA-like events, particle tracks, object images), their classifiers
 * and autoencoders, the lumisection checks on class mix and detector faults, and training studies.
 */
package org.dqmstream.image;
