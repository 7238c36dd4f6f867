/** A plugin cell, found with ServiceLoader from the test class path, as an outside author's jar would be. */
package org.rnnlab.experiments.plugin;
