package org.rnnlab.cpu.internal.f64;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlab.cpu.internal.VectorExp;
import org.rnnlab.cpu.internal.f32.ActivationsF32;
import org.rnnlab.cpu.internal.f32.VectorActivationsF32;

/**
 * The Vector API LSTM and GRU gate math gives the same bits as the reference (the interface's defaults, with the same
 * vectorised sigmoid and tanh): same operations in the same order, whole vectors and the lanes past them alike.
 * H 37 and 45 leave lanes past the last vector at every vector length; 64 leaves none.
 */
class GateMathTest {
    /** The defaults, with the activations of the vector implementation. */
    private static final ActivationsF64 REFERENCE_64 = new ActivationsF64() {
        @Override
        public void sigmoid(double[] a, int off, int len) {
            VectorExp.sigmoid(a, off, len);
        }

        @Override
        public void tanh(double[] a, int off, int len) {
            VectorExp.tanh(a, off, len);
        }
    };

    private static final ActivationsF32 REFERENCE_32 = new ActivationsF32() {
        @Override
        public void sigmoid(float[] a, int off, int len) {
            VectorExp.sigmoid(a, off, len);
        }

        @Override
        public void tanh(float[] a, int off, int len) {
            VectorExp.tanh(a, off, len);
        }
    };

    @ParameterizedTest
    @ValueSource(ints = {37, 45, 64})
    void lstmFloat64MatchesTheReferenceBitForBit(int h) {
        Random r = new Random(h);
        double[] c = random(r, 7 + 2 * h, 1);
        double[] c2 = c.clone();
        double[] gates = random(r, 2 + 4 * h, 3); // the pre-activations, replaced by the gates
        double[] gates2 = gates.clone();
        double[] hs = new double[1 + h];
        double[] hs2 = hs.clone();
        new VectorActivationsF64().lstmForward(h, gates, 2, c, 7, 7 + h, hs, 1);
        REFERENCE_64.lstmForward(h, gates2, 2, c2, 7, 7 + h, hs2, 1);
        assertThat(gates).containsExactly(gates2);
        assertThat(c).containsExactly(c2);
        assertThat(hs).containsExactly(hs2);
        assertThat(hs[0]).isZero(); // nothing written before hOut

        double[] dh = random(r, 4 + h, 1);
        double[] dc = random(r, 4 + h, 1);
        double[] dh2 = dh.clone();
        double[] dc2 = dc.clone();
        double[] scratch = new double[h + 1];
        double[] dPre = new double[4 * h + 6];
        double[] dPre2 = dPre.clone();
        new VectorActivationsF64().lstmBackward(h, gates, 2, c, 7, 7 + h, scratch, 1, dh, dc, 4, dPre, 6);
        REFERENCE_64.lstmBackward(h, gates, 2, c, 7, 7 + h, scratch.clone(), 1, dh2, dc2, 4, dPre2, 6);
        assertThat(dPre).containsExactly(dPre2);
        assertThat(dc).containsExactly(dc2);
        assertThat(dh).containsExactly(dh2);
        for (int j = 4; j < 4 + h; j++) {
            assertThat(dh[j]).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {37, 45, 64})
    void lstmFloat32MatchesTheReferenceBitForBit(int h) {
        Random r = new Random(h);
        float[] c = randomF(r, 2 * h, 1);
        float[] c2 = c.clone();
        float[] gates = randomF(r, 4 * h, 3); // the pre-activations, replaced by the gates
        float[] gates2 = gates.clone();
        float[] hs = new float[h];
        float[] hs2 = hs.clone();
        new VectorActivationsF32().lstmForward(h, gates, 0, c, 0, h, hs, 0);
        REFERENCE_32.lstmForward(h, gates2, 0, c2, 0, h, hs2, 0);
        assertThat(gates).containsExactly(gates2);
        assertThat(c).containsExactly(c2);
        assertThat(hs).containsExactly(hs2);

        float[] dh = randomF(r, h, 1);
        float[] dc = randomF(r, h, 1);
        float[] dh2 = dh.clone();
        float[] dc2 = dc.clone();
        float[] dPre = new float[4 * h];
        float[] dPre2 = dPre.clone();
        new VectorActivationsF32().lstmBackward(h, gates, 0, c, 0, h, new float[h], 0, dh, dc, 0, dPre, 0);
        REFERENCE_32.lstmBackward(h, gates, 0, c, 0, h, new float[h], 0, dh2, dc2, 0, dPre2, 0);
        assertThat(dPre).containsExactly(dPre2);
        assertThat(dc).containsExactly(dc2);
        assertThat(dh).containsExactly(dh2);
    }

    @ParameterizedTest
    @ValueSource(ints = {37, 45, 64})
    void gruFloat64MatchesTheReferenceBitForBit(int h) {
        Random r = new Random(h);
        double[] hp = random(r, 3 + 3 * h, 3);
        double[] xp = random(r, 5 + 3 * h, 3);
        double[] hs = random(r, 7 + 2 * h, 1);
        double[] hs2 = hs.clone();
        double[] tape = new double[2 + 4 * h];
        double[] tape2 = tape.clone();
        new VectorActivationsF64().gruForward(h, hp, 3, xp, 5, tape, 2, hs, 7, 7 + h);
        REFERENCE_64.gruForward(h, hp, 3, xp, 5, tape2, 2, hs2, 7, 7 + h);
        assertThat(tape).containsExactly(tape2);
        assertThat(hs).containsExactly(hs2);

        double[] dh = random(r, 4 + h, 1);
        double[] dh2 = dh.clone();
        double[] dxp = new double[3 * h + 6];
        double[] dhp = new double[3 * h + 6];
        double[] dxp2 = dxp.clone();
        double[] dhp2 = dhp.clone();
        new VectorActivationsF64().gruBackward(h, tape, 2, hs, 7, dh, 4, dxp, dhp, 6);
        REFERENCE_64.gruBackward(h, tape, 2, hs, 7, dh2, 4, dxp2, dhp2, 6);
        assertThat(dxp).containsExactly(dxp2);
        assertThat(dhp).containsExactly(dhp2);
        assertThat(dh).containsExactly(dh2);
    }

    @ParameterizedTest
    @ValueSource(ints = {37, 45, 64})
    void gruFloat32MatchesTheReferenceBitForBit(int h) {
        Random r = new Random(h);
        float[] hp = randomF(r, 3 * h, 3);
        float[] xp = randomF(r, 3 * h, 3);
        float[] hs = randomF(r, 2 * h, 1);
        float[] hs2 = hs.clone();
        float[] tape = new float[4 * h];
        float[] tape2 = tape.clone();
        new VectorActivationsF32().gruForward(h, hp, 0, xp, 0, tape, 0, hs, 0, h);
        REFERENCE_32.gruForward(h, hp, 0, xp, 0, tape2, 0, hs2, 0, h);
        assertThat(tape).containsExactly(tape2);
        assertThat(hs).containsExactly(hs2);

        float[] dh = randomF(r, h, 1);
        float[] dh2 = dh.clone();
        float[] dxp = new float[3 * h];
        float[] dhp = new float[3 * h];
        float[] dxp2 = dxp.clone();
        float[] dhp2 = dhp.clone();
        new VectorActivationsF32().gruBackward(h, tape, 0, hs, 0, dh, 0, dxp, dhp, 0);
        REFERENCE_32.gruBackward(h, tape, 0, hs, 0, dh2, 0, dxp2, dhp2, 0);
        assertThat(dxp).containsExactly(dxp2);
        assertThat(dhp).containsExactly(dhp2);
        assertThat(dh).containsExactly(dh2);
    }

    private static double[] random(Random r, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (2 * r.nextDouble() - 1) * scale;
        }
        return a;
    }

    private static float[] randomF(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((2 * r.nextDouble() - 1) * scale);
        }
        return a;
    }
}
