package org.rnnlab.cpu.internal.f64;

/**
 * Activations applied in place to a run of values, so the gate loops can hand whole gate blocks to a vectorised
 * implementation: {@link VectorActivationsF64} or {@link ScalarActivationsF64}. {@code Math.tanh} is not an
 * intrinsic in Java 17 and dominated small shapes in profiles; vectorising took {@code ./rnnlab bench}'s LSTM N32
 * H128 T100 from 66 to 33 ms.
 */
public interface ActivationsF64 {
    /** a[off … off+len) := 1/(1+e^−a). Modified. */
    void sigmoid(double[] a, int off, int len);

    /** a[off … off+len) := tanh(a). Modified. */
    void tanh(double[] a, int off, int len);
}
