/** A third-party training plugin that exists only in test code. */
package org.rnnlab.optimizers.plugin;
