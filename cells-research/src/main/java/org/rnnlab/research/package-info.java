/**
 * Backend {@code research}: the remedies the literature proposed for vanishing and exploding gradients, as per-step cells
 * ({@link org.rnnlab.api.spi.StepCell}, float64) that rnnlab unrolls: the peephole LSTM ({@code peephole_lstm}), the
 * layer-normalised LSTM and GRU ({@code ln_lstm}, {@code ln_gru}), IndRNN ({@code indrnn}), the orthogonal RNN by the
 * exponential map ({@code exprnn}) and coRNN ({@code cornn}). Written against {@code org.rnnlab.api} alone, as any third
 * party would; {@link org.rnnlab.research.ResearchCellProvider} is found with {@link java.util.ServiceLoader}.
 *
 * <p>The cell classes are named {@code …F64} and written so that the float32 twins can be generated from them by textual
 * rules ({@code double → float}, {@code StepCell → StepCellF32}, …): every value stored is cast to the cell's precision,
 * and double-only helpers ({@link org.rnnlab.research.MatrixExponential}) live in classes without the suffix, with
 * {@code float[]} overloads that compute in double.
 */
package org.rnnlab.research;
