package org.rnnlab.cpu.internal.f64;

/**
 * The GRU's elementwise gate math one lane at a time, over lanes [from, to) of one sample: the reference that
 * {@link ActivationsF64}'s defaults run whole, and that {@link VectorActivationsF64} runs on the lanes beyond its
 * last whole vector (same order of operations: same bits). Arguments as in {@link ActivationsF64#gruForward} and
 * {@link ActivationsF64#gruBackward}.
 */
final class GruLanesF64 {
    private GruLanesF64() {
    }

    /** n's pre-activation: tape[2H + j] := xp[2H + j] + r⊙hn, tape holding r at 0 and hn at 3H. */
    static void candidate(int from, int h, double[] xp, int xpOff, double[] tape, int tOff) {
        for (int j = from; j < h; j++) {
            tape[tOff + 2 * h + j] = xp[xpOff + 2 * h + j] + tape[tOff + j] * tape[tOff + 3 * h + j];
        }
    }

    /** h' := (1 − z)⊙n + z⊙h. */
    static void output(int from, int h, double[] tape, int tOff, double[] hs, int hIn, int hOut) {
        for (int j = from; j < h; j++) {
            double z = tape[tOff + h + j];
            hs[hOut + j] = (1 - z) * tape[tOff + 2 * h + j] + z * hs[hIn + j];
        }
    }

    /** The backward lanes. */
    static void backward(int from, int h, double[] tape, int tOff, double[] hs, int hIn, double[] dh, int dOff,
                         double[] dxp, double[] dhp, int pOff) {
        for (int j = from; j < h; j++) {
            double r = tape[tOff + j];
            double z = tape[tOff + h + j];
            double nn = tape[tOff + 2 * h + j];
            double hn = tape[tOff + 3 * h + j];
            double dhv = dh[dOff + j];
            double dan = dhv * (1 - z) * (1 - nn * nn);
            double dar = dan * hn * r * (1 - r);
            double daz = dhv * (hs[hIn + j] - nn) * z * (1 - z);
            dxp[pOff + j] = dar;
            dxp[pOff + h + j] = daz;
            dxp[pOff + 2 * h + j] = dan;
            dhp[pOff + j] = dar;
            dhp[pOff + h + j] = daz;
            dhp[pOff + 2 * h + j] = dan * r;
            dh[dOff + j] = dhv * z;
        }
    }
}
