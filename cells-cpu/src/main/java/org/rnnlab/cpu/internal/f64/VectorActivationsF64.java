package org.rnnlab.cpu.internal.f64;

import org.rnnlab.cpu.internal.VectorExp;

/**
 * {@link ActivationsF64} with the JDK Vector API through {@link VectorExp}: a few ulp from {@code Math}, and the same
 * bits interpreted or compiled.
 */
public final class VectorActivationsF64 implements ActivationsF64 {
    @Override
    public void sigmoid(double[] a, int off, int len) {
        VectorExp.sigmoid(a, off, len);
    }

    @Override
    public void tanh(double[] a, int off, int len) {
        VectorExp.tanh(a, off, len);
    }
}
