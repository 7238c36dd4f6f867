/** A third-party plugin cell that exists only in test code, to prove the SPI is enough. */
package org.rnnlab.api.plugin;
