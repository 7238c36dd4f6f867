package org.rnnlab.cpu.internal.f64;

import org.rnnlab.cpu.internal.Activations;

/** {@link ActivationsF64} by {@code Math.exp} and {@code Math.tanh}: where the Vector API module is absent. */
public final class ScalarActivationsF64 implements ActivationsF64 {
    @Override
    public void sigmoid(double[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            a[i] = Activations.sigmoid(a[i]);
        }
    }

    @Override
    public void tanh(double[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            a[i] = Activations.tanh(a[i]);
        }
    }
}
