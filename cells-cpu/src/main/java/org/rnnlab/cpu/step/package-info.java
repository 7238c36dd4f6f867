/**
 * Per-step math of the built-in cells: the readable reference, run by the {@code reference} backend through rnnlab's
 * generic unroller, and an example for plugin authors. {@code RnnStepF64}, {@code GruStepF64}, {@code LstmStepF64} and
 * {@code DenseF64} ({@link org.rnnlab.api.spi.StepCell}s in {@code double}) are the sources; their float32 twins
 * ({@code *F32}, {@link org.rnnlab.api.spi.StepCellF32}s) are generated from them at build time by the parent pom's
 * {@code generate-float32-steps}.
 */
package org.rnnlab.cpu.step;
