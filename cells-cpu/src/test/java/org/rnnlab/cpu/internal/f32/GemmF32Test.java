package org.rnnlab.cpu.internal.f32;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 engine (generated from the float64 source, with twice the lanes per vector and so other panel widths and
 * tails) is, bit for bit, each product's start plus one fused multiply-add per k in k order, on shapes around its panel
 * widths in either blocking (W = 16, 32 or 64 floats). GemmF64Test covers every product against naive loops.
 */
class GemmF32Test {

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(7, 33, 9), Arguments.of(2, 160, 40), Arguments.of(1, 131, 70),
                Arguments.of(14, 250, 130), Arguments.of(8, 64, 1100), Arguments.of(300, 70, 20), Arguments.of(4, 2048, 257),
                Arguments.of(30, 300, 1300))
                .flatMap(s -> Stream.of(new VectorGemmF32(), new VectorGemmF32(1)).map(g -> Arguments.of(g, s.get()[0], s.get()[1], s.get()[2])));
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("shapes")
    void productsAreTheFusedMultiplyAddChainInKOrder(VectorGemmF32 g, int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 13L + n * 5L + k);
        float[] a = random(r, 3 + m * k);
        float[] at = random(r, 3 + k * m);
        float[] b = random(r, 1 + k * n);
        float[] row = random(r, n);
        float[] c0 = random(r, m * n);
        float[] c = c0.clone();
        g.multAdd(m, n, k, a, 3, g.packTransposed(k, n, transposed(k, n, b, 1), 0, null), c, 0);
        same(c, chain(m, n, k, a, 3, false, b, 1, c0, null));
        c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN);
        g.mult(m, n, k, a, 3, g.pack(k, n, b, 1, null), row, c, 0);
        same(c, chain(m, n, k, a, 3, false, b, 1, null, row));
        java.util.Arrays.fill(c, Float.NaN);
        g.multTransA(m, n, k, at, 3, b, 1, c, 0);
        same(c, chain(m, n, k, at, 3, true, b, 1, null, null));
        java.util.Arrays.fill(c, Float.NaN);
        g.mult(m, n, k, a, 3, b, 1, c, 0);
        same(c, chain(m, n, k, a, 3, false, b, 1, null, null));
    }

    /** Two products over one A give each side its own chain of fused multiply-adds, around the float32 panel widths. */
    @ParameterizedTest(name = "{0} m={1} n1={2} n2={3} k={4}")
    @MethodSource("pairs")
    void aPairOverOneAGivesEachSideItsChain(VectorGemmF32 g, int m, int n1, int n2, int k) {
        SplittableRandom r = new SplittableRandom(m * 7L + n1 * 3L + n2 + k);
        float[] at = random(r, 1 + k * m);
        float[] b1 = random(r, k * n1);
        float[] b2 = random(r, 2 + k * n2);
        float[] c1 = new float[m * n1];
        float[] c2 = new float[1 + m * n2];
        java.util.Arrays.fill(c1, Float.NaN);
        java.util.Arrays.fill(c2, Float.NaN);
        g.multTransA(m, k, at, 1, m, new GemmF32.Side(n1, b1, 0, c1, 0), new GemmF32.Side(n2, b2, 2, c2, 1));
        same(c1, chain(m, n1, k, at, 1, true, b1, 0, null, null));
        same(java.util.Arrays.copyOfRange(c2, 1, c2.length), chain(m, n2, k, at, 1, true, b2, 2, null, null));
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(13, 64, 17, 50), Arguments.of(8, 33, 128, 1100), Arguments.of(300, 128, 128, 90),
                        Arguments.of(7, 16, 48, 20), Arguments.of(30, 256, 64, 1300))
                .flatMap(s -> Stream.of(new VectorGemmF32(), new VectorGemmF32(1))
                        .map(g -> Arguments.of(g, s.get()[0], s.get()[1], s.get()[2], s.get()[3])));
    }

    /** srcᵀ stored n×k, for packTransposed. */
    private static float[] transposed(int k, int n, float[] b, int bOff) {
        float[] t = new float[n * k];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                t[j * k + kk] = b[bOff + kk * n + j];
            }
        }
        return t;
    }

    private static float[] chain(int m, int n, int k, float[] a, int aOff, boolean transA, float[] b, int bOff, float[] c0, float[] row) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = c0 != null ? c0[i * n + j] : row != null ? row[j] : 0;
                for (int kk = 0; kk < k; kk++) {
                    s = Math.fma(transA ? a[aOff + kk * m + i] : a[aOff + i * k + kk], b[bOff + kk * n + j], s);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static void same(float[] actual, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError("element " + i + ": " + actual[i] + ", the fused multiply-add chain gives " + expected[i]);
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }
}
