/**
 * The monitor's one typed configuration: defaults, a properties file, environment variables and overrides, checked
 * at start with messages that name the bad key.
 */
package org.dqmstream.config;
