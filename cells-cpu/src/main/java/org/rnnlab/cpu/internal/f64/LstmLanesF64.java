package org.rnnlab.cpu.internal.f64;

/**
 * The LSTM's elementwise gate math one lane at a time, over lanes [from, to) of one sample: the reference that
 * {@link ActivationsF64}'s defaults run whole, and that {@link VectorActivationsF64} runs on the lanes beyond its
 * last whole vector (in the same order of operations, so both give the same bits). Arguments as in
 * {@link ActivationsF64#lstmForward} and {@link ActivationsF64#lstmBackward}.
 */
final class LstmLanesF64 {
    private LstmLanesF64() {
    }

    /** c' := f⊙c + i⊙g, written to c at cOut and (to be squashed) to hs at hOut. */
    static void cell(int from, int h, double[] gates, int gOff, double[] c, int cIn, int cOut, double[] hs, int hOut) {
        for (int j = from; j < h; j++) {
            double cj = gates[gOff + h + j] * c[cIn + j] + gates[gOff + j] * gates[gOff + 2 * h + j];
            c[cOut + j] = cj;
            hs[hOut + j] = cj;
        }
    }

    /** h' := o⊙tanh(c'), hs holding tanh(c'). */
    static void output(int from, int h, double[] gates, int gOff, double[] hs, int hOut) {
        for (int j = from; j < h; j++) {
            hs[hOut + j] *= gates[gOff + 3 * h + j];
        }
    }

    /** The backward lanes, scratch holding tanh(c'). */
    static void backward(int from, int h, double[] gates, int gOff, double[] c, int cIn, double[] scratch, int sOff,
                         double[] dh, double[] dc, int dOff, double[] dPre, int pOff) {
        for (int j = from; j < h; j++) {
            double i = gates[gOff + j];
            double f = gates[gOff + h + j];
            double g = gates[gOff + 2 * h + j];
            double o = gates[gOff + 3 * h + j];
            double tcj = scratch[sOff + j];
            double dhv = dh[dOff + j];
            double dct = dc[dOff + j] + dhv * o * (1 - tcj * tcj);
            dPre[pOff + j] = dct * g * i * (1 - i);
            dPre[pOff + h + j] = dct * c[cIn + j] * f * (1 - f);
            dPre[pOff + 2 * h + j] = dct * i * (1 - g * g);
            dPre[pOff + 3 * h + j] = dhv * tcj * o * (1 - o);
            dc[dOff + j] = dct * f;
            dh[dOff + j] = 0;
        }
    }
}
