/** Probes: gradient stability along a sequence, and the activation memory a sequence needs. */
package org.rnnlab.experiments.probe;
