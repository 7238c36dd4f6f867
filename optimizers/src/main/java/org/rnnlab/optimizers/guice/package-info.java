/** One small Guice module per feature, each adding named factories to the map binders. */
package org.rnnlab.optimizers.guice;
