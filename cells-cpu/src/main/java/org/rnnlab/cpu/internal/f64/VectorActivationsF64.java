package org.rnnlab.cpu.internal.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.rnnlab.cpu.internal.Activations;
import org.rnnlab.cpu.internal.VectorExp;

/**
 * {@link ActivationsF64} with the JDK Vector API: whole vectors through {@link VectorExp} (a few ulp, and the same
 * bits interpreted or compiled), the tail by the scalar functions.
 */
public final class VectorActivationsF64 implements ActivationsF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void sigmoid(double[] a, int off, int len) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            VectorExp.sigmoid(DoubleVector.fromArray(S, a, off + i)).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.sigmoid(a[off + i]);
        }
    }

    @Override
    public void tanh(double[] a, int off, int len) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            VectorExp.tanh(DoubleVector.fromArray(S, a, off + i)).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.tanh(a[off + i]);
        }
    }
}
