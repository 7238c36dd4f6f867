/** Gradient-clipping policies and norms. */
package org.rnnlab.optimizers.clipping;
