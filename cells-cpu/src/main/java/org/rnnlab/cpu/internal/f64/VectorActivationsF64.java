package org.rnnlab.cpu.internal.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.rnnlab.cpu.internal.VectorExp;

/**
 * {@link ActivationsF64} with the JDK Vector API through {@link VectorExp}: a few ulp from {@code Math}, and the same
 * bits interpreted or compiled. The LSTM and GRU gate math is written out in vectors (the JIT left those loops
 * scalar), with the reference's order of operations ({@link LstmLanesF64}, {@link GruLanesF64}, which also take the
 * lanes past the last whole vector), so both give the same bits. Vectors stay inside each method: one handed across
 * a call that is not inlined is boxed.
 */
public final class VectorActivationsF64 implements ActivationsF64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void sigmoid(double[] a, int off, int len) {
        VectorExp.sigmoid(a, off, len);
    }

    @Override
    public void tanh(double[] a, int off, int len) {
        VectorExp.tanh(a, off, len);
    }

    @Override
    public void lstmForward(int h, double[] gates, int gOff, double[] c, int cIn, int cOut, double[] hs, int hOut) {
        VectorExp.sigmoid(gates, gOff, 2 * h);
        VectorExp.tanh(gates, gOff + 2 * h, h);
        VectorExp.sigmoid(gates, gOff + 3 * h, h);
        int lanes = S.loopBound(h);
        for (int j = 0; j < lanes; j += S.length()) {
            DoubleVector f = DoubleVector.fromArray(S, gates, gOff + h + j);
            DoubleVector i = DoubleVector.fromArray(S, gates, gOff + j);
            DoubleVector g = DoubleVector.fromArray(S, gates, gOff + 2 * h + j);
            DoubleVector cj = f.mul(DoubleVector.fromArray(S, c, cIn + j)).add(i.mul(g));
            cj.intoArray(c, cOut + j);
            cj.intoArray(hs, hOut + j);
        }
        LstmLanesF64.cell(lanes, h, gates, gOff, c, cIn, cOut, hs, hOut);
        VectorExp.tanh(hs, hOut, h);
        for (int j = 0; j < lanes; j += S.length()) {
            DoubleVector.fromArray(S, hs, hOut + j).mul(DoubleVector.fromArray(S, gates, gOff + 3 * h + j)).intoArray(hs, hOut + j);
        }
        LstmLanesF64.output(lanes, h, gates, gOff, hs, hOut);
    }

    @Override
    public void lstmBackward(int h, double[] gates, int gOff, double[] c, int cIn, int cOut, double[] scratch, int sOff,
                             double[] dh, double[] dc, int dOff, double[] dPre, int pOff) {
        System.arraycopy(c, cOut, scratch, sOff, h);
        VectorExp.tanh(scratch, sOff, h);
        DoubleVector one = DoubleVector.broadcast(S, (double) 1);
        DoubleVector zero = DoubleVector.zero(S);
        int lanes = S.loopBound(h);
        for (int j = 0; j < lanes; j += S.length()) {
            DoubleVector i = DoubleVector.fromArray(S, gates, gOff + j);
            DoubleVector f = DoubleVector.fromArray(S, gates, gOff + h + j);
            DoubleVector g = DoubleVector.fromArray(S, gates, gOff + 2 * h + j);
            DoubleVector o = DoubleVector.fromArray(S, gates, gOff + 3 * h + j);
            DoubleVector tc = DoubleVector.fromArray(S, scratch, sOff + j);
            DoubleVector dhv = DoubleVector.fromArray(S, dh, dOff + j);
            DoubleVector cj = DoubleVector.fromArray(S, c, cIn + j);
            DoubleVector dct = DoubleVector.fromArray(S, dc, dOff + j).add(dhv.mul(o).mul(one.sub(tc.mul(tc))));
            // Every load before the first store: interleaved, the H 512 backward ran slower than the scalar loop it
            // replaces (tape and dPre share offsets, and gate blocks of H 512 lie 4 KiB apart: a load may wait on a
            // store it only appears to alias).
            dct.mul(g).mul(i).mul(one.sub(i)).intoArray(dPre, pOff + j);
            dct.mul(cj).mul(f).mul(one.sub(f)).intoArray(dPre, pOff + h + j);
            dct.mul(i).mul(one.sub(g.mul(g))).intoArray(dPre, pOff + 2 * h + j);
            dhv.mul(tc).mul(o).mul(one.sub(o)).intoArray(dPre, pOff + 3 * h + j);
            dct.mul(f).intoArray(dc, dOff + j);
            zero.intoArray(dh, dOff + j);
        }
        LstmLanesF64.backward(lanes, h, gates, gOff, c, cIn, scratch, sOff, dh, dc, dOff, dPre, pOff);
    }

    @Override
    public void gruForward(int h, double[] hp, int hpOff, double[] xp, int xpOff, double[] tape, int tOff,
                           double[] hs, int hIn, int hOut) {
        System.arraycopy(hp, hpOff + 2 * h, tape, tOff + 3 * h, h);
        sums(2 * h, hp, hpOff, xp, xpOff, tape, tOff);
        VectorExp.sigmoid(tape, tOff, 2 * h);
        int lanes = S.loopBound(h);
        for (int j = 0; j < lanes; j += S.length()) {
            DoubleVector r = DoubleVector.fromArray(S, tape, tOff + j);
            DoubleVector hn = DoubleVector.fromArray(S, tape, tOff + 3 * h + j);
            DoubleVector.fromArray(S, xp, xpOff + 2 * h + j).add(r.mul(hn)).intoArray(tape, tOff + 2 * h + j);
        }
        GruLanesF64.candidate(lanes, h, xp, xpOff, tape, tOff);
        VectorExp.tanh(tape, tOff + 2 * h, h);
        DoubleVector one = DoubleVector.broadcast(S, (double) 1);
        for (int j = 0; j < lanes; j += S.length()) {
            DoubleVector z = DoubleVector.fromArray(S, tape, tOff + h + j);
            DoubleVector n = DoubleVector.fromArray(S, tape, tOff + 2 * h + j);
            one.sub(z).mul(n).add(z.mul(DoubleVector.fromArray(S, hs, hIn + j))).intoArray(hs, hOut + j);
        }
        GruLanesF64.output(lanes, h, tape, tOff, hs, hIn, hOut);
    }

    @Override
    public void gruBackward(int h, double[] tape, int tOff, double[] hs, int hIn, double[] dh, int dOff, double[] dxp,
                            double[] dhp, int pOff) {
        DoubleVector one = DoubleVector.broadcast(S, (double) 1);
        int lanes = S.loopBound(h);
        for (int j = 0; j < lanes; j += S.length()) {
            DoubleVector r = DoubleVector.fromArray(S, tape, tOff + j);
            DoubleVector z = DoubleVector.fromArray(S, tape, tOff + h + j);
            DoubleVector nn = DoubleVector.fromArray(S, tape, tOff + 2 * h + j);
            DoubleVector hn = DoubleVector.fromArray(S, tape, tOff + 3 * h + j);
            DoubleVector dhv = DoubleVector.fromArray(S, dh, dOff + j);
            DoubleVector hPrev = DoubleVector.fromArray(S, hs, hIn + j);
            // Every load before the first store (see lstmBackward).
            DoubleVector dan = dhv.mul(one.sub(z)).mul(one.sub(nn.mul(nn)));
            DoubleVector dar = dan.mul(hn).mul(r).mul(one.sub(r));
            DoubleVector daz = dhv.mul(hPrev.sub(nn)).mul(z).mul(one.sub(z));
            dar.intoArray(dxp, pOff + j);
            daz.intoArray(dxp, pOff + h + j);
            dan.intoArray(dxp, pOff + 2 * h + j);
            dar.intoArray(dhp, pOff + j);
            daz.intoArray(dhp, pOff + h + j);
            dan.mul(r).intoArray(dhp, pOff + 2 * h + j);
            dhv.mul(z).intoArray(dh, dOff + j);
        }
        GruLanesF64.backward(lanes, h, tape, tOff, hs, hIn, dh, dOff, dxp, dhp, pOff);
    }

    /** out[0 … len) := hp[0 … len) + xp[0 … len) (each from its offset): the gates' pre-activations. */
    private static void sums(int len, double[] hp, int hpOff, double[] xp, int xpOff, double[] out, int oOff) {
        int q = 0;
        for (int upper = S.loopBound(len); q < upper; q += S.length()) {
            DoubleVector.fromArray(S, hp, hpOff + q).add(DoubleVector.fromArray(S, xp, xpOff + q)).intoArray(out, oOff + q);
        }
        for (; q < len; q++) {
            out[oOff + q] = hp[hpOff + q] + xp[xpOff + q];
        }
    }
}
