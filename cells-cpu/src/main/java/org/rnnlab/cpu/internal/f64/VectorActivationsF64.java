package org.rnnlab.cpu.internal.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.rnnlab.cpu.internal.Activations;

/**
 * {@link ActivationsF64} with the JDK Vector API: whole vectors through {@code VectorOperators.EXP} and {@code TANH}
 * (within 1 ulp, as {@code Math}), the tail by the scalar functions.
 */
public final class VectorActivationsF64 implements ActivationsF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void sigmoid(double[] a, int off, int len) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            DoubleVector e = DoubleVector.fromArray(S, a, off + i).neg().lanewise(VectorOperators.EXP).add(1);
            DoubleVector.broadcast(S, 1).div(e).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.sigmoid(a[off + i]);
        }
    }

    @Override
    public void tanh(double[] a, int off, int len) {
        int i = 0;
        for (int upper = S.loopBound(len); i < upper; i += S.length()) {
            DoubleVector.fromArray(S, a, off + i).lanewise(VectorOperators.TANH).intoArray(a, off + i);
        }
        for (; i < len; i++) {
            a[off + i] = Activations.tanh(a[off + i]);
        }
    }
}
