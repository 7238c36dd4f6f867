package org.rnnlab.cpu.internal.f64;

/**
 * Activations applied in place to a run of values, so the gate loops can hand whole gate blocks to a vectorised
 * implementation: {@link VectorActivationsF64} or {@link ScalarActivationsF64}. {@code Math.tanh} is not an
 * intrinsic in Java 17 and dominated small shapes in profiles; vectorising took {@code ./rnnlab bench}'s LSTM N32
 * H128 T100 from 66 to 33 ms. The LSTM's whole gate math per sample is here too: its elementwise loops are not
 * vectorised by the JIT, and the Vector API implementation writes them out (the defaults are the reference).
 */
public interface ActivationsF64 {
    /** a[off … off+len) := 1/(1+e^−a). Modified. */
    void sigmoid(double[] a, int off, int len);

    /** a[off … off+len) := tanh(a). Modified. */
    void tanh(double[] a, int off, int len);

    /**
     * The LSTM step of one sample, gates in {@code torch.nn.LSTM}'s order i, f, g, o (each H wide):
     * {@code gates[4H] := σ, σ, tanh, σ of gates[4H]} in place, {@code c' := f⊙c + i⊙g}, {@code h' := o⊙tanh(c')}.
     *
     * @param h     H
     * @param gates the pre-activations W_ih·x + b_ih + W_hh·h + b_hh from {@code gOff}, replaced by i, f, g, o (the tape)
     * @param c     the cell state: c at {@code cIn}, c' written at {@code cOut}
     * @param hs    receives h' at {@code hOut}
     */
    default void lstmForward(int h, double[] gates, int gOff, double[] c, int cIn, int cOut, double[] hs, int hOut) {
        sigmoid(gates, gOff, 2 * h);
        tanh(gates, gOff + 2 * h, h);
        sigmoid(gates, gOff + 3 * h, h);
        LstmLanesF64.cell(0, h, gates, gOff, c, cIn, cOut, hs, hOut);
        tanh(hs, hOut, h);
        LstmLanesF64.output(0, h, gates, gOff, hs, hOut);
    }

    /**
     * The LSTM step of one sample back: from ∂L/∂h' ({@code dh}) and ∂L/∂c' ({@code dc}) and the tape, writes
     * ∂L/∂(pre-activations) i, f, g, o to {@code dPre}, replaces {@code dc} by ∂L/∂c and zeroes {@code dh} (the
     * recurrent product adds ∂L/∂h afterwards).
     *
     * @param gates   i, f, g, o of the step from {@code gOff}
     * @param c       the cell state: c at {@code cIn}, c' at {@code cOut}
     * @param scratch H values from {@code sOff} (receives tanh(c'))
     * @param dh      ∂L/∂h' from {@code dOff}; zeroed
     * @param dc      ∂L/∂c' from {@code dOff}; replaced by ∂L/∂c
     * @param dPre    receives the 4H pre-activation gradients from {@code pOff}
     */
    default void lstmBackward(int h, double[] gates, int gOff, double[] c, int cIn, int cOut, double[] scratch, int sOff,
                              double[] dh, double[] dc, int dOff, double[] dPre, int pOff) {
        System.arraycopy(c, cOut, scratch, sOff, h);
        tanh(scratch, sOff, h);
        LstmLanesF64.backward(0, h, gates, gOff, c, cIn, scratch, sOff, dh, dc, dOff, dPre, pOff);
    }

    /**
     * The GRU step of one sample, gates in {@code torch.nn.GRU}'s order r, z, n (each H wide):
     * {@code r, z := σ(hp + xp)}, {@code n := tanh(xp_n + r⊙hn)} with {@code hn = W_hn·h + b_hn},
     * {@code h' := (1 − z)⊙n + z⊙h}.
     *
     * @param hp   the recurrent pre-activations [3H] from {@code hpOff} (read only)
     * @param xp   the input pre-activations [3H] from {@code xpOff} (read only)
     * @param tape receives r, z, n, hn ([4H]) from {@code tOff}
     * @param hs   the state: h at {@code hIn}, h' written at {@code hOut}
     */
    default void gruForward(int h, double[] hp, int hpOff, double[] xp, int xpOff, double[] tape, int tOff,
                            double[] hs, int hIn, int hOut) {
        System.arraycopy(hp, hpOff + 2 * h, tape, tOff + 3 * h, h);
        sums(2 * h, hp, hpOff, xp, xpOff, tape, tOff);
        sigmoid(tape, tOff, 2 * h);
        GruLanesF64.candidate(0, h, xp, xpOff, tape, tOff);
        tanh(tape, tOff + 2 * h, h);
        GruLanesF64.output(0, h, tape, tOff, hs, hIn, hOut);
    }

    /**
     * The GRU step of one sample back: from ∂L/∂h' ({@code dh}) and the tape, writes ∂L/∂(input pre-activations)
     * r, z, n to {@code dxp} and ∂L/∂(recurrent pre-activations) to {@code dhp} (from {@code pOff}), and replaces
     * {@code dh} by the elementwise part of ∂L/∂h (z⊙∂L/∂h'; the recurrent product adds the rest).
     */
    default void gruBackward(int h, double[] tape, int tOff, double[] hs, int hIn, double[] dh, int dOff, double[] dxp,
                             double[] dhp, int pOff) {
        GruLanesF64.backward(0, h, tape, tOff, hs, hIn, dh, dOff, dxp, dhp, pOff);
    }

    /** out[0 … len) := hp[0 … len) + xp[0 … len) (each from its offset): the gates' pre-activations. */
    private static void sums(int len, double[] hp, int hpOff, double[] xp, int xpOff, double[] out, int oOff) {
        for (int q = 0; q < len; q++) {
            out[oOff + q] = hp[hpOff + q] + xp[xpOff + q];
        }
    }
}
