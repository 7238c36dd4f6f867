/**
 * The provider interface for backends and plugin cells, found with {@link java.util.ServiceLoader}:
 * {@link org.rnnlab.api.spi.CellProvider} for whole-sequence backends, {@link org.rnnlab.api.spi.StepCellProvider}
 * and {@link org.rnnlab.api.spi.StepCell} for plugin cells written as per-step math. {@code Step}, {@code StepCell} and
 * the unroller {@code UnrolledCell} are the float64 sources; {@link org.rnnlab.api.spi.StepF32},
 * {@link org.rnnlab.api.spi.StepCellF32} and {@code UnrolledCellF32}, their float32 twins, are generated from them at
 * build time (the parent pom's {@code generate-float32-steps}, the same rules a plugin's {@code *F64.java} gets).
 */
package org.rnnlab.api.spi;
