package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatrixExponentialTest {

    /** e^{[[0, θ], [−θ, 0]]} = [[cos θ, sin θ], [−sin θ, cos θ]]; θ = 40 needs squarings, θ = 0.01 the degree-3 approximant. */
    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.2, 0.9, 2.0, 3.0, 40.0})
    void aRotationGeneratorGivesTheRotation(double theta) {
        double[] e = MatrixExponential.exp(new double[] {0, theta, -theta, 0}, 2);
        double[] want = {Math.cos(theta), Math.sin(theta), -Math.sin(theta), Math.cos(theta)};
        // Backward error ≤ 2^−53 per Higham's bound, forward error a few ulps per squaring for this normal matrix:
        // 1e-14 absolute on entries of size ≤ 1 (θ = 40 takes 3 squarings).
        assertThat(maxAbsDiff(e, want)).as("θ = %s", theta).isLessThanOrEqualTo(1e-14);
    }

    /**
     * A = S·D·S⁻¹ with S = [[2, 1, 0], [1, 1, 0], [0, 1, 1]] (det 1, S⁻¹ exact in integers): e^A = S·e^D·S⁻¹, with
     * eigenvalues scaled so that ‖A‖₁ falls in the band of each Padé degree and of the squaring phase.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.002, 0.05, 0.2, 0.45, 1.0, 12.0})
    void aDiagonalisableMatrixMatchesItsEigendecomposition(double scale) {
        double[][] aw = diagonalisable(scale);
        double[] got = MatrixExponential.exp(aw[0], 3);
        // The reference itself carries cond(S)·u ≈ 30·1.1e-16 relative error; allow 1e-14 of the largest entry.
        assertThat(maxAbsDiff(got, aw[1]) / maxAbs(aw[1])).as("scale %s, ‖A‖₁ %s", scale, MatrixExponential.norm1(aw[0], 3))
                .isLessThanOrEqualTo(1e-14);
    }

    @Test
    void theBandsAboveReachEveryDegreeAndTheSquaringPhase() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (double scale : new double[] {0.002, 0.05, 0.2, 0.45, 1.0, 12.0}) {
            int[] ds = MatrixExponential.degreeAndSquarings(MatrixExponential.norm1(diagonalisable(scale)[0], 3));
            seen.add(ds[1] > 0 ? "squared" : "degree " + ds[0]);
        }
        assertThat(seen).containsExactlyInAnyOrder("degree 3", "degree 5", "degree 7", "degree 9", "degree 13", "squared");
    }

    /** {A, e^A} for A = S·diag(−0.7, 0.4, 0.25)·scale·S⁻¹. */
    private static double[][] diagonalisable(double scale) {
        double[] s = {2, 1, 0, 1, 1, 0, 0, 1, 1};
        double[] si = {1, -1, 0, -1, 2, 0, 1, -2, 1};
        double[] d = {-0.7 * scale, 0.4 * scale, 0.25 * scale};
        double[] a = new double[9];
        double[] want = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    a[i * 3 + j] += s[i * 3 + k] * d[k] * si[k * 3 + j];
                    want[i * 3 + j] += s[i * 3 + k] * Math.exp(d[k]) * si[k * 3 + j];
                }
            }
        }
        return new double[][] {a, want};
    }

    /** The Taylor series Σ A^k/k! of a matrix of norm ≤ 1 converges to round-off within 30 terms: an independent route. */
    @Test
    void aRandomMatrixMatchesItsTaylorSeries() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 6;
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (2 * r.nextDouble() - 1) * 0.3;
        }
        double[] sum = identity(n);
        double[] term = identity(n);
        for (int k = 1; k <= 30; k++) {
            term = multiply(term, a, n);
            for (int i = 0; i < term.length; i++) {
                term[i] /= k;
                sum[i] += term[i];
            }
        }
        // Both sides round at ~1e-16 per operation over tens of operations: 1e-14 of the largest entry.
        assertThat(maxAbsDiff(MatrixExponential.exp(a, n), sum) / maxAbs(sum)).isLessThanOrEqualTo(1e-14);
    }

    @Test
    void aNilpotentMatrixIsExact() {
        assertThat(MatrixExponential.exp(new double[] {0, 1, 0, 0}, 2)).containsExactly(1, 1, 0, 1);
    }

    /** e^B of a skew-symmetric B is orthogonal: WᵀW = I, also for large generators that take squarings. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 16, 64})
    void theExponentialOfASkewMatrixIsOrthogonal(int n) {
        SplittableRandom r = new SplittableRandom(n);
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                b[i * n + j] = 2 * r.nextDouble() - 1;
                b[j * n + i] = -b[i * n + j];
            }
        }
        double[] w = MatrixExponential.exp(b, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += w[k * n + i] * w[k * n + j];
                }
                worst = Math.max(worst, Math.abs(dot - (i == j ? 1 : 0)));
            }
        }
        // ‖B‖₁ reaches 37 at n = 64 (3 squarings); measured ≤ 3.2e-15; 1e-12 is the bound expRNN needs.
        assertThat(worst).as("max |WᵀW − I| at n = %d", n).isLessThanOrEqualTo(1e-12);
    }

    /**
     * L(A, E) is the (1, 2) block of exp([[A, E], [0, A]]) (Najfeld and Havel 1995): computed there by {@link
     * MatrixExponential#exp} of the 2n-matrix, which shares no code with the Fréchet recurrences.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.1, 0.5, 1.5, 4.0, 20.0})
    void theFrechetDerivativeIsTheBlockOfTheDoubledExponential(double scale) {
        int n = 5;
        SplittableRandom r = new SplittableRandom(11);
        double[] a = random(r, n, scale / n);
        double[] e = random(r, n, 1);
        double[] big = new double[4 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                big[i * 2 * n + j] = a[i * n + j];
                big[i * 2 * n + n + j] = e[i * n + j];
                big[(n + i) * 2 * n + n + j] = a[i * n + j];
            }
        }
        double[] block = MatrixExponential.exp(big, 2 * n);
        double[] want = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                want[i * n + j] = block[i * 2 * n + n + j];
            }
        }
        double[] got = MatrixExponential.frechet(a, e, n);
        // Two backward-stable computations of a well-conditioned quantity: agreement to ~1e-14 of its largest entry.
        assertThat(maxAbsDiff(got, want) / maxAbs(want)).as("‖A‖₁ %s", MatrixExponential.norm1(a, n)).isLessThanOrEqualTo(1e-13);
    }

    @Test
    void theFrechetDerivativeMatchesFiniteDifferences() {
        int n = 4;
        SplittableRandom r = new SplittableRandom(5);
        double[] a = random(r, n, 0.8);
        double[] e = random(r, n, 1);
        double h = 1e-3;
        double[] fd = new double[n * n];
        double[][] at = new double[4][];
        double[] steps = {2 * h, h, -h, -2 * h};
        for (int k = 0; k < 4; k++) {
            double[] ak = a.clone();
            for (int i = 0; i < ak.length; i++) {
                ak[i] += steps[k] * e[i];
            }
            at[k] = MatrixExponential.exp(ak, n);
        }
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (-at[0][i] + 8 * at[1][i] - 8 * at[2][i] + at[3][i]) / (12 * h);
        }
        // Five-point stencil: truncation h⁴·‖e^A‖·‖E‖⁵/30 ≈ 1e-13, round-off u·‖e^A‖/h ≈ 1e-13.
        assertThat(maxAbsDiff(MatrixExponential.frechet(a, e, n), fd) / maxAbs(fd)).isLessThanOrEqualTo(1e-10);
    }

    /** ⟨G, L(A, E)⟩ = ⟨L(Aᵀ, G), E⟩: the adjoint is the gradient of ⟨G, e^A⟩. */
    @Test
    void theAdjointSatisfiesTheInnerProductIdentity() {
        int n = 7;
        SplittableRandom r = new SplittableRandom(9);
        for (double scale : new double[] {0.005, 0.3, 2, 9}) {
            double[] a = random(r, n, scale / n);
            double[] e = random(r, n, 1);
            double[] g = random(r, n, 1);
            double left = dot(g, MatrixExponential.frechet(a, e, n));
            double right = dot(MatrixExponential.frechetAdjoint(a, g, n), e);
            // Two sums of 49 products of well-scaled entries: agreement to ~1e-14 relative.
            assertThat(Math.abs(left - right) / Math.abs(left)).as("scale %s", scale).isLessThanOrEqualTo(1e-12);
        }
    }

    /** When E commutes with A, L(A, E) = E·e^A; E = A is the simplest such E. */
    @Test
    void aCommutingDirectionGivesEtimesTheExponential() {
        int n = 4;
        double[] a = random(new SplittableRandom(2), n, 0.9);
        double[] want = multiply(a, MatrixExponential.exp(a, n), n);
        assertThat(maxAbsDiff(MatrixExponential.frechet(a, a, n), want) / maxAbs(want)).isLessThanOrEqualTo(1e-13);
    }

    @Test
    void theFloatOverloadsComputeInDoubleAndRoundOnce() {
        float[] a = {0, 0.5f, -0.5f, 0};
        float[] e = MatrixExponential.exp(a, 2);
        assertThat(e).containsExactly((float) Math.cos(0.5), (float) Math.sin(0.5), (float) -Math.sin(0.5), (float) Math.cos(0.5));
        float[] g = {1, 0, 0, 0};
        double[] gd = MatrixExponential.frechetAdjoint(new double[] {0, 0.5, -0.5, 0}, new double[] {1, 0, 0, 0}, 2);
        float[] gf = MatrixExponential.frechetAdjoint(a, g, 2);
        for (int i = 0; i < 4; i++) {
            assertThat(gf[i]).isEqualTo((float) gd[i]);
        }
    }

    @Test
    void badShapesAreRefusedAndNonFiniteEntriesGiveNaN() {
        assertThatThrownBy(() -> MatrixExponential.exp(new double[3], 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A must be an [2, 2] matrix of 4 values, got 3 values");
        assertThatThrownBy(() -> MatrixExponential.exp(new double[0], 0)).hasMessageContaining("order must be >= 1, got 0");
        double[] inf = MatrixExponential.exp(new double[] {Double.POSITIVE_INFINITY, 0, 0, 1}, 2);
        assertThat(inf).containsOnly(Double.NaN);
        assertThat(MatrixExponential.frechet(new double[] {1, 0, 0, 1}, new double[] {Double.NaN, 0, 0, 0}, 2)).containsOnly(Double.NaN);
    }

    /** The coefficients computed from b_j = (2m − j)!/(j!(m − j)!) are Higham's (2005) table, e.g. degree 13 and 3. */
    @Test
    void thePadeCoefficientsAreHighamsTable() {
        assertThat(MatrixExponential.padeCoefficientsInUse(13)).containsExactly(64764752532480000.0, 32382376266240000.0,
                7771770303897600.0, 1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0,
                1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0);
        assertThat(MatrixExponential.padeCoefficientsInUse(3)).containsExactly(120.0, 60.0, 12.0, 1.0);
    }

    private static double[] random(SplittableRandom r, int n, double scale) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (2 * r.nextDouble() - 1) * scale;
        }
        return a;
    }

    private static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }

    private static double[] multiply(double[] x, double[] y, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += x[i * n + k] * y[k * n + j];
                }
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
