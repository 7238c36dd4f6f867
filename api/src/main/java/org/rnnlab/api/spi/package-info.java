/**
 * The provider interface for backends and plugin cells, found with {@link java.util.ServiceLoader}:
 * {@link org.rnnlab.api.spi.CellProvider} for whole-sequence backends, {@link org.rnnlab.api.spi.StepCellProvider}
 * and {@link org.rnnlab.api.spi.StepCell} for plugin cells written as per-step math.
 */
package org.rnnlab.api.spi;
