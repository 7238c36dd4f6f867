package org.rnnlab.cpu.internal.f64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every product of both engines against naive loops, on shapes that reach each path of the Vector API engine in either
 * register blocking (the build runs this class with each: see cells-cpu/pom.xml): rows left after the 6-row groups
 * (m mod 6 from 1 to 5, and 8 = 4 + 4), a last panel narrower than W (n mod W), groups of 2 and 4 panels for one or two
 * rows, k up to 600, and products large enough to split across threads by rows or by panels. Products that overwrite C
 * are given C full of NaN: no value of it may leak into the result. The Vector API engine's products are, bit for bit,
 * their start plus one fused multiply-add per k in k order.
 */
class GemmF64Test {
    private static final double TOL = 1e-12;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1, 1), Arguments.of(3, 5, 7), Arguments.of(13, 37, 29), // tails everywhere
                Arguments.of(9, 64, 300), // 6 + 2 + 1 rows; two panels for the last row (float64)
                Arguments.of(150, 96, 70), // 25 groups of 6 rows
                Arguments.of(200, 260, 300), // threads by rows, column tail
                Arguments.of(6, 2100, 600), // few rows: threads by column panels
                Arguments.of(8, 48, 16), // 8 rows as 4 + 4
                Arguments.of(13, 120, 2500), // a long k over few panels, in three blocks of k
                Arguments.of(20, 300, 1500), // a long k over many panels: blocks of 2·KC, each in chunks of panels
                Arguments.of(5, 40, 0)); // k = 0: products that overwrite C still do
    }

    static Stream<Arguments> engines() {
        return shapes().flatMap(s -> Stream.of(new VectorGemmF64(), new VectorGemmF64(1), new EjmlGemmF64())
                .map(g -> Arguments.of(g, s.get()[0], s.get()[1], s.get()[2])));
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("engines")
    void everyProductMatchesNaiveLoops(GemmF64 g, int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        int aOff = 3;
        int bOff = 5;
        int cOff = 2;
        double[] a = random(r, aOff + m * k);
        double[] b = random(r, bOff + k * n);
        double[] c0 = random(r, cOff + m * n);
        double[] ab = naive(m, n, k, a, aOff, false, b, bOff);

        double[] c = nans(cOff + m * n);
        c[0] = c0[0];
        g.mult(m, n, k, a, aOff, b, bOff, c, cOff);
        assertClose(c, cOff, ab, null, m * n);
        assertThat(c[0]).isEqualTo(c0[0]); // nothing before the offset is touched

        // The same with B packed, every row of C starting as a given row (a bias), or as zeros.
        GemmF64.Packed packed = g.pack(k, n, b, bOff, null);
        double[] row = random(r, n);
        double[] rows = new double[cOff + m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(row, 0, rows, cOff + i * n, n);
        }
        c = nans(cOff + m * n);
        g.mult(m, n, k, a, aOff, packed, row, c, cOff);
        assertClose(c, cOff, ab, rows, m * n);
        c = nans(cOff + m * n);
        g.mult(m, n, k, a, aOff, packed, null, c, cOff);
        assertClose(c, cOff, ab, null, m * n);

        c = c0.clone();
        g.multAdd(m, n, k, a, aOff, b, bOff, c, cOff);
        assertClose(c, cOff, ab, c0, m * n);

        c = c0.clone();
        g.multAdd(m, n, k, a, aOff, packed, c, cOff);
        assertClose(c, cOff, ab, c0, m * n);

        // B = srcᵀ with src stored n×k, packed without a transposed copy (and again into the first pack's storage).
        double[] src = new double[bOff + n * k];
        GemmF64.transpose(k, n, b, bOff, src, bOff);
        GemmF64.Packed first = g.packTransposed(k, n, random(r, bOff + n * k), bOff, null);
        c = c0.clone();
        g.multAdd(m, n, k, a, aOff, g.packTransposed(k, n, src, bOff, first), c, cOff);
        assertClose(c, cOff, ab, c0, m * n);

        // Aᵀ·B with A stored k×m.
        double[] at = random(r, aOff + k * m);
        c = nans(cOff + m * n);
        g.multTransA(m, n, k, at, aOff, b, bOff, c, cOff);
        assertClose(c, cOff, naive(m, n, k, at, aOff, true, b, bOff), null, m * n);
        // A's rows farther apart than its width (padded gradients of the gates): Aᵀ·B, A·B onto C, and A·B from a row.
        int ldt = m + 5;
        double[] atWide = new double[aOff + k * ldt];
        for (int kk = 0; kk < k; kk++) {
            System.arraycopy(at, aOff + kk * m, atWide, aOff + kk * ldt, m);
        }
        c = nans(cOff + m * n);
        g.multTransA(m, n, k, atWide, aOff, ldt, b, bOff, c, cOff);
        assertClose(c, cOff, naive(m, n, k, at, aOff, true, b, bOff), null, m * n);
        int lda = k + 3;
        double[] aWide = new double[aOff + m * lda];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, aOff + i * k, aWide, aOff + i * lda, k);
        }
        c = c0.clone();
        g.multAdd(m, n, k, aWide, aOff, lda, packed, c, cOff);
        assertClose(c, cOff, ab, c0, m * n);
        c = nans(cOff + m * n);
        g.mult(m, n, k, aWide, aOff, lda, packed, row, c, cOff);
        assertClose(c, cOff, ab, rows, m * n);
        // Again on the same engine (which may keep B's packing from the first call), with another B of that shape.
        double[] b2 = random(r, bOff + k * n);
        c = nans(cOff + m * n);
        g.multTransA(m, n, k, at, aOff, b2, bOff, c, cOff);
        assertClose(c, cOff, naive(m, n, k, at, aOff, true, b2, bOff), null, m * n);
    }

    static Stream<Arguments> vectorEngines() {
        return shapes().flatMap(s -> Stream.of(new VectorGemmF64(), new VectorGemmF64(1))
                .map(g -> Arguments.of(g, s.get()[0], s.get()[1], s.get()[2])));
    }

    /**
     * Exact: each element is its start plus Σ A·B with one fused multiply-add per k in k order, whatever the blocks of k,
     * the kernels' shapes, the threads, or the register blocking — so results do not depend on the machine.
     */
    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("vectorEngines")
    void vectorProductsAreTheFusedMultiplyAddChainInKOrder(GemmF64 g, int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 17L + n * 3L + k);
        double[] a = random(r, 1 + m * k);
        double[] at = random(r, 1 + k * m);
        double[] b = random(r, 2 + k * n);
        double[] row = random(r, n);
        double[] c0 = random(r, m * n);
        double[] c = c0.clone();
        g.multAdd(m, n, k, a, 1, g.pack(k, n, b, 2, null), c, 0);
        assertSameBits(c, chain(m, n, k, a, 1, false, b, 2, c0, null));
        c = nans(m * n);
        g.mult(m, n, k, a, 1, g.pack(k, n, b, 2, null), row, c, 0);
        assertSameBits(c, chain(m, n, k, a, 1, false, b, 2, null, row));
        c = nans(m * n);
        g.multTransA(m, n, k, at, 1, b, 2, c, 0);
        assertSameBits(c, chain(m, n, k, at, 1, true, b, 2, null, null));
        c = c0.clone();
        g.multAdd(m, n, k, a, 1, b, 2, c, 0);
        assertSameBits(c, chain(m, n, k, a, 1, false, b, 2, c0, null));
    }

    /**
     * Column parts ({@link GemmF64#columns}) cover C once between them: each part writes only its columns, and together
     * they give the bits of the whole product, for parts of every count up to more parts than panels.
     */
    @ParameterizedTest(name = "m={1} n={2} k={3}")
    @MethodSource("vectorEngines")
    void columnPartsCoverEveryColumnOnceWithTheSameBits(GemmF64 whole, int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        double[] a = random(r, 3 + m * (k + 2));
        double[] b = random(r, k * n);
        double[] row = random(r, n);
        double[] c0 = random(r, m * n);
        for (int parts : new int[] {2, 3, 7, 40}) {
            double[] added = c0.clone();
            double[] fresh = nans(m * n);
            int[] writes = new int[m * n];
            for (int part = 0; part < parts; part++) {
                GemmF64 g = whole.columns(part, parts);
                GemmF64.Packed packed = g.packTransposed(k, n, GemmF64Test.transposed(k, n, b), 0, null);
                double[] before = added.clone();
                g.multAdd(m, n, k, a, 3, k + 2, packed, added, 0);
                double[] beforeFresh = fresh.clone();
                g.mult(m, n, k, a, 3, k + 2, packed, row, fresh, 0);
                for (int i = 0; i < m * n; i++) {
                    boolean wrote = Double.doubleToRawLongBits(before[i]) != Double.doubleToRawLongBits(added[i])
                            || Double.doubleToRawLongBits(beforeFresh[i]) != Double.doubleToRawLongBits(fresh[i]);
                    writes[i] += wrote ? 1 : 0;
                }
            }
            double[] expectAdded = c0.clone();
            whole.multAdd(m, n, k, a, 3, k + 2, whole.pack(k, n, b, 0, null), expectAdded, 0);
            double[] expectFresh = nans(m * n);
            whole.mult(m, n, k, a, 3, k + 2, whole.pack(k, n, b, 0, null), row, expectFresh, 0);
            assertSameBits(added, expectAdded);
            assertSameBits(fresh, expectFresh);
            if (k > 0) {
                for (int i = 0; i < m * n; i++) {
                    assertThat(writes[i]).as("parts writing element %d of %d parts", i, parts).isLessThanOrEqualTo(1);
                }
            }
        }
    }

    static Stream<Arguments> pairs() {
        // Widths whole numbers of panels in every blocking (W = 8 or 32 float64) first, second, both or neither; rows split
        // across threads by rows and by panels; a long k in blocks.
        return Stream.of(Arguments.of(13, 32, 7, 40), Arguments.of(13, 7, 64, 40), Arguments.of(150, 64, 96, 300),
                        Arguments.of(7, 5, 3, 9), Arguments.of(6, 256, 128, 600), Arguments.of(40, 32, 20, 2500),
                        Arguments.of(9, 0, 40, 30), Arguments.of(9, 40, 0, 30), Arguments.of(5, 32, 32, 0))
                .flatMap(s -> Stream.of(new VectorGemmF64(), new VectorGemmF64(1), new EjmlGemmF64())
                        .map(g -> Arguments.of(g, s.get()[0], s.get()[1], s.get()[2], s.get()[3])));
    }

    /**
     * Two products over one A ({@link GemmF64#multTransA(int, int, double[], int, int, GemmF64.Side, GemmF64.Side)})
     * give each side the bits of its own product, the fused multiply-add chain on the Vector API engine, and write
     * nothing outside either C.
     */
    @ParameterizedTest(name = "{0} m={1} n1={2} n2={3} k={4}")
    @MethodSource("pairs")
    void aPairOverOneAGivesEachSideItsOwnProduct(GemmF64 g, int m, int n1, int n2, int k) {
        SplittableRandom r = new SplittableRandom(m * 11L + n1 * 5L + n2 * 3L + k);
        int lda = m + 3;
        double[] at = random(r, 2 + k * lda);
        double[] atCompact = new double[k * m];
        for (int kk = 0; kk < k; kk++) {
            System.arraycopy(at, 2 + kk * lda, atCompact, kk * m, m);
        }
        double[] b1 = random(r, 4 + k * n1);
        double[] b2 = random(r, 1 + k * n2);
        double[] c1 = nans(m * n1 + 3);
        double[] c2 = nans(m * n2 + 6);
        c1[0] = 7;
        c1[c1.length - 1] = 8;
        c2[c2.length - 1] = 9;
        g.multTransA(m, k, at, 2, lda, new GemmF64.Side(n1, b1, 4, c1, 1), new GemmF64.Side(n2, b2, 1, c2, 5));
        assertThat(new double[] {c1[0], c1[c1.length - 2], c1[c1.length - 1], c2[c2.length - 1]}).containsExactly(7, Double.NaN, 8, 9);
        double[] own1 = nans(m * n1);
        double[] own2 = nans(m * n2);
        g.multTransA(m, n1, k, at, 2, lda, b1, 4, own1, 0);
        g.multTransA(m, n2, k, at, 2, lda, b2, 1, own2, 0);
        assertSameBits(java.util.Arrays.copyOfRange(c1, 1, 1 + m * n1), own1);
        assertSameBits(java.util.Arrays.copyOfRange(c2, 5, 5 + m * n2), own2);
        if (g instanceof VectorGemmF64) {
            assertSameBits(own1, chain(m, n1, k, atCompact, 0, true, b1, 4, null, null));
            assertSameBits(own2, chain(m, n2, k, atCompact, 0, true, b2, 1, null, null));
        } else {
            assertClose(own1, 0, naive(m, n1, k, atCompact, 0, true, b1, 4), null, m * n1);
            assertClose(own2, 0, naive(m, n2, k, atCompact, 0, true, b2, 1), null, m * n2);
        }
    }

    /** B stored n × k: what packTransposed takes for B[k × n]. */
    private static double[] transposed(int k, int n, double[] b) {
        double[] t = new double[n * k];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                t[j * k + kk] = b[kk * n + j];
            }
        }
        return t;
    }

    private static void assertSameBits(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(actual[i]) != Double.doubleToRawLongBits(expected[i])) {
                throw new AssertionError("element " + i + ": " + actual[i] + ", the fused multiply-add chain gives " + expected[i]);
            }
        }
    }

    /** start + Σ_kk A(i, kk)·B(kk, j) by Math.fma in kk order; the start is C0, a row, or zero. */
    private static double[] chain(int m, int n, int k, double[] a, int aOff, boolean transA, double[] b, int bOff, double[] c0,
                                  double[] row) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c0 != null ? c0[i * n + j] : row != null ? row[j] : 0;
                for (int kk = 0; kk < k; kk++) {
                    s = Math.fma(transA ? a[aOff + kk * m + i] : a[aOff + i * k + kk], b[bOff + kk * n + j], s);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engineList")
    void aPackOfAnotherShapeIsRefusedWithTheShapeItNeeds(GemmF64 g) {
        GemmF64.Packed p = g.pack(4, 6, new double[24], 0, null);
        assertThatThrownBy(() -> g.multAdd(2, 6, 5, new double[10], 0, p, new double[12], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5×6");
    }

    static Stream<GemmF64> engineList() {
        return Stream.of(new VectorGemmF64(), new EjmlGemmF64());
    }

    /** A[m×k] (or Aᵀ with A stored k×m) times B[k×n]. */
    private static double[] naive(int m, int n, int k, double[] a, int aOff, boolean transA, double[] b, int bOff) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int kk = 0; kk < k; kk++) {
                    s += (transA ? a[aOff + kk * m + i] : a[aOff + i * k + kk]) * b[bOff + kk * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    /** c[cOff + i] == expected[i] (+ before[cOff + i] when given), relative to the magnitudes involved. */
    private static void assertClose(double[] c, int cOff, double[] expected, double[] before, int count) {
        for (int i = 0; i < count; i++) {
            double want = expected[i] + (before == null ? 0 : before[cOff + i]);
            assertThat(c[cOff + i]).as("element %d", i).isCloseTo(want, org.assertj.core.data.Offset.offset(TOL * (1 + Math.abs(want)) * 100));
        }
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return v;
    }
}
