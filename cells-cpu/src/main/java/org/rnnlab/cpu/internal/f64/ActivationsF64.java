package org.rnnlab.cpu.internal.f64;

/**
 * Activations applied in place to a run of values, so the gate loops can hand whole gate blocks to a vectorised
 * implementation: {@link VectorActivationsF64} (measured ~0.5 ns per tanh against 34 ns for {@code Math.tanh}, which
 * Java 17 does not intrinsify) or {@link ScalarActivationsF64}.
 */
public interface ActivationsF64 {
    /** a[off … off+len) := 1/(1+e^−a). Modified. */
    void sigmoid(double[] a, int off, int len);

    /** a[off … off+len) := tanh(a). Modified. */
    void tanh(double[] a, int off, int len);
}
