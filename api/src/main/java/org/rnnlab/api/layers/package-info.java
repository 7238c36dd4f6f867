/**
 * Backend-neutral layers above the cell SPI: stacked and bidirectional recurrent networks
 * ({@link org.rnnlab.api.layers.RecurrentNetwork}), with masks and dropout.
 */
package org.rnnlab.api.layers;
