package org.rnnlab.research;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The matrix exponential e^A and its Fréchet derivative, in double precision, for square matrices stored row-major in
 * flat arrays ({@code [n, n]}, element (i, j) at {@code i·n + j}).
 *
 * <p>{@link #exp} is the scaling and squaring method of Higham (2005, "The scaling and squaring method for the matrix
 * exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), Algorithm 2.3): the [m/m] Padé approximant r_m with the
 * smallest m ∈ {3, 5, 7, 9} whose bound θ_m (Table 2.3) exceeds ‖A‖₁, else r_13 of A/2^s with s = ⌈log₂(‖A‖₁/θ_13)⌉,
 * squared s times; the backward error is below the unit round-off 2^−53.
 *
 * <p>{@link #frechet} is L(A, E) = ∫₀¹ e^{sA} E e^{(1−s)A} ds, the derivative of e^A in the direction E, by Al-Mohy and
 * Higham (2009, "Computing the Fréchet derivative of the matrix exponential, with an application to condition number
 * estimation", SIAM J. Matrix Anal. Appl. 30(4), Algorithm 6.4): the same Padé approximants differentiated term by term,
 * with the bounds ℓ_m of its Table 6.1, and the squaring phase differentiated too (L ← R·L + L·R). It equals the (1, 2)
 * block of exp([[A, E], [0, A]]) (Najfeld and Havel 1995), for the work of about three n×n exponentials where the doubled
 * matrix costs eight.
 *
 * <p>{@link #frechetAdjoint} is the adjoint L*(A, G) = L(Aᵀ, G): for a loss that depends on W = e^A, ∂L/∂A =
 * L(Aᵀ, ∂L/∂W), the exact gradient through the exponential (what expRNN's backward pass needs).
 *
 * <p>The {@code float[]} overloads compute in double and round once at the end, so float32 cells get the same accuracy.
 * Arguments are Not modified; results are new arrays. A non-finite entry makes every entry of the result NaN (the caller's
 * checks for non-finite values then see it) instead of squaring an infinite norm without end.
 */
public final class MatrixExponential {
    /** The Padé degrees tried, in order. */
    private static final int[] DEGREES = {3, 5, 7, 9, 13};
    /** θ_m for e^A (Higham 2005, Table 2.3), for the degrees in {@link #DEGREES}. */
    private static final double[] THETA = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068e0, 5.371920351148152e0};
    /** ℓ_m for e^A with L(A, E) (Al-Mohy and Higham 2009, Table 6.1), for the degrees in {@link #DEGREES}. */
    private static final double[] ELL = {1.08e-2, 2.00e-1, 7.83e-1, 1.78e0, 4.74e0};
    /** b_j = (2m − j)! / (j! (m − j)!), the coefficients of the [m/m] Padé numerator scaled to integers, by degree m. */
    private static final double[][] PADE = new double[14][];

    static {
        for (int m : DEGREES) {
            PADE[m] = padeCoefficients(m);
        }
    }

    private MatrixExponential() {
    }

    /**
     * e^A.
     *
     * @param a A, [n, n] row-major (Not modified)
     * @param n the order, ≥ 1
     * @return e^A, [n, n]
     */
    public static double[] exp(double[] a, int n) {
        check("A", a, n);
        return run(a, null, n, THETA)[0];
    }

    /** e^A of a float32 matrix, computed in double and rounded once; see {@link #exp(double[], int)}. */
    public static float[] exp(float[] a, int n) {
        return toFloat(exp(toDouble(a), n));
    }

    /**
     * L(A, E), the Fréchet derivative of e^A in the direction E.
     *
     * @param a A, [n, n] (Not modified)
     * @param e E, [n, n] (Not modified)
     * @param n the order, ≥ 1
     * @return L(A, E), [n, n]
     */
    public static double[] frechet(double[] a, double[] e, int n) {
        check("A", a, n);
        check("E", e, n);
        return run(a, e, n, ELL)[1];
    }

    /**
     * L(Aᵀ, G), the adjoint of the Fréchet derivative of e^A applied to G: when W = e^A and G = ∂L/∂W, this is ∂L/∂A.
     *
     * @param a A, [n, n] (Not modified)
     * @param g G, [n, n] (Not modified)
     * @param n the order, ≥ 1
     * @return L(Aᵀ, G), [n, n]
     */
    public static double[] frechetAdjoint(double[] a, double[] g, int n) {
        check("A", a, n);
        check("G", g, n);
        return run(transpose(a, n), g, n, ELL)[1];
    }

    /** {@link #frechetAdjoint(double[], double[], int)} for float32 matrices, computed in double and rounded once. */
    public static float[] frechetAdjoint(float[] a, float[] g, int n) {
        return toFloat(frechetAdjoint(toDouble(a), toDouble(g), n));
    }

    /** ‖A‖₁, the largest column sum of absolute values. */
    static double norm1(double[] a, int n) {
        double worst = 0;
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.abs(a[i * n + j]);
            }
            worst = Math.max(worst, sum);
        }
        return worst;
    }

    /** The Padé degree {@link #exp} uses for a matrix of 1-norm {@code norm}, and its number of squarings. */
    static int[] degreeAndSquarings(double norm) {
        return choose(norm, THETA);
    }

    /** The [m/m] Padé coefficients b_0 … b_m in use for degree {@code m} (3, 5, 7, 9 or 13). */
    static double[] padeCoefficientsInUse(int m) {
        return PADE[m].clone();
    }

    private static int[] choose(double norm, double[] limits) {
        for (int i = 0; i < DEGREES.length - 1; i++) {
            if (norm <= limits[i]) {
                return new int[] {DEGREES[i], 0};
            }
        }
        int s = (int) Math.max(0, Math.ceil(Math.log(norm / limits[DEGREES.length - 1]) / Math.log(2)));
        return new int[] {13, s};
    }

    /** {e^A, L(A, E)}; L is null when {@code e0} is. */
    private static double[][] run(double[] a0, double[] e0, int n, double[] limits) {
        double norm = norm1(a0, n);
        boolean finite = Double.isFinite(norm);
        if (e0 != null) {
            for (double v : e0) {
                finite &= Double.isFinite(v);
            }
        }
        if (!finite) {
            double[] nan = new double[n * n];
            Arrays.fill(nan, Double.NaN);
            return new double[][] {nan, e0 == null ? null : nan.clone()};
        }
        int[] ms = choose(norm, limits);
        int m = ms[0];
        int s = ms[1];
        double[] a = s == 0 ? a0 : scaled(a0, -s);
        double[] e = e0 == null || s == 0 ? e0 : scaled(e0, -s);
        double[][] uv = m == 13 ? pade13(a, e, n) : padeLow(m, a, e, n);
        double[] u = uv[0];
        double[] v = uv[1];
        double[] q = new double[n * n];
        double[] p = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            q[i] = v[i] - u[i];
            p[i] = v[i] + u[i];
        }
        Lu lu = new Lu(q, n);
        double[] r = lu.solve(p);
        double[] l = null;
        if (e != null) {
            double[] lu1 = uv[2];
            double[] lv = uv[3];
            double[] rhs = new double[n * n];
            double[] diff = new double[n * n];
            for (int i = 0; i < n * n; i++) {
                rhs[i] = lu1[i] + lv[i];
                diff[i] = lu1[i] - lv[i];
            }
            multiplyAdd(diff, r, n, rhs);
            l = lu.solve(rhs); // Q·L_R = L_P − L_Q·R, with L_P = Lu + Lv and L_Q = Lv − Lu
        }
        for (int k = 0; k < s; k++) {
            if (l != null) {
                double[] next = multiply(r, l, n);
                multiplyAdd(l, r, n, next);
                l = next;
            }
            r = multiply(r, r, n);
        }
        return new double[][] {r, l};
    }

    /**
     * U = A·Σ b_{2k+1}·A^{2k}, V = Σ b_{2k}·A^{2k} for m ∈ {3, 5, 7, 9}; with E, their derivatives Lu, Lv through
     * M_{2k} = L(A^{2k}, E): M_2 = AE + EA, M_4 = A²M_2 + M_2A², M_6 = A⁴M_2 + M_4A², M_8 = A⁴M_4 + M_4A⁴.
     */
    private static double[][] padeLow(int m, double[] a, double[] e, int n) {
        double[] b = PADE[m];
        int half = (m - 1) / 2;
        double[][] pow = new double[half + 1][];
        double[][] mp = new double[half + 1][];
        pow[0] = identity(n);
        pow[1] = multiply(a, a, n);
        if (e != null) {
            mp[1] = multiply(a, e, n);
            multiplyAdd(e, a, n, mp[1]);
        }
        for (int k = 2; k <= half; k++) {
            int lo = k / 2;
            int hi = k - lo; // A^{2k} = A^{2·lo}·A^{2·hi}: A⁴ = A²A², A⁶ = A²A⁴, A⁸ = A⁴A⁴
            pow[k] = multiply(pow[lo], pow[hi], n);
            if (e != null) {
                mp[k] = multiply(pow[lo], mp[hi], n);
                multiplyAdd(mp[lo], pow[hi], n, mp[k]);
            }
        }
        double[] odd = new double[n * n];
        double[] even = new double[n * n];
        for (int k = 0; k <= half; k++) {
            axpy(b[2 * k + 1], pow[k], odd);
            axpy(b[2 * k], pow[k], even);
        }
        double[] u = multiply(a, odd, n);
        if (e == null) {
            return new double[][] {u, even};
        }
        double[] oddM = new double[n * n];
        double[] lv = new double[n * n];
        for (int k = 1; k <= half; k++) {
            axpy(b[2 * k + 1], mp[k], oddM);
            axpy(b[2 * k], mp[k], lv);
        }
        double[] lu = multiply(a, oddM, n);
        multiplyAdd(e, odd, n, lu);
        return new double[][] {u, even, lu, lv};
    }

    /**
     * Degree 13 in Higham's six-product form: U = A·(A⁶·W₁ + W₂), V = A⁶·Z₁ + Z₂ with W₁ = b₁₃A⁶ + b₁₁A⁴ + b₉A²,
     * W₂ = b₇A⁶ + b₅A⁴ + b₃A² + b₁I, Z₁ = b₁₂A⁶ + b₁₀A⁴ + b₈A², Z₂ = b₆A⁶ + b₄A⁴ + b₂A² + b₀I; with E, the derivatives of
     * each product (Al-Mohy and Higham 2009, Algorithm 6.4, lines 18–24).
     */
    private static double[][] pade13(double[] a, double[] e, int n) {
        double[] b = PADE[13];
        double[] a2 = multiply(a, a, n);
        double[] a4 = multiply(a2, a2, n);
        double[] a6 = multiply(a2, a4, n);
        double[] id = identity(n);
        double[] w1 = combine(b[13], a6, b[11], a4, b[9], a2, 0, id);
        double[] w2 = combine(b[7], a6, b[5], a4, b[3], a2, b[1], id);
        double[] z1 = combine(b[12], a6, b[10], a4, b[8], a2, 0, id);
        double[] z2 = combine(b[6], a6, b[4], a4, b[2], a2, b[0], id);
        double[] w = multiply(a6, w1, n);
        axpy(1, w2, w);
        double[] u = multiply(a, w, n);
        double[] v = multiply(a6, z1, n);
        axpy(1, z2, v);
        if (e == null) {
            return new double[][] {u, v};
        }
        double[] m2 = multiply(a, e, n);
        multiplyAdd(e, a, n, m2);
        double[] m4 = multiply(a2, m2, n);
        multiplyAdd(m2, a2, n, m4);
        double[] m6 = multiply(a4, m2, n);
        multiplyAdd(m4, a2, n, m6);
        double[] zero = new double[n * n];
        double[] lw1 = combine(b[13], m6, b[11], m4, b[9], m2, 0, zero);
        double[] lw2 = combine(b[7], m6, b[5], m4, b[3], m2, 0, zero);
        double[] lz1 = combine(b[12], m6, b[10], m4, b[8], m2, 0, zero);
        double[] lz2 = combine(b[6], m6, b[4], m4, b[2], m2, 0, zero);
        double[] lw = multiply(a6, lw1, n);
        multiplyAdd(m6, w1, n, lw);
        axpy(1, lw2, lw);
        double[] lu = multiply(a, lw, n);
        multiplyAdd(e, w, n, lu);
        double[] lv = multiply(a6, lz1, n);
        multiplyAdd(m6, z1, n, lv);
        axpy(1, lz2, lv);
        return new double[][] {u, v, lu, lv};
    }

    /** c1·X1 + c2·X2 + c3·X3 + c4·X4. */
    private static double[] combine(double c1, double[] x1, double c2, double[] x2, double c3, double[] x3, double c4, double[] x4) {
        double[] out = new double[x1.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = c1 * x1[i] + c2 * x2[i] + c3 * x3[i] + c4 * x4[i];
        }
        return out;
    }

    private static double[] padeCoefficients(int m) {
        double[] b = new double[m + 1];
        for (int j = 0; j <= m; j++) {
            b[j] = factorial(2 * m - j).divide(factorial(j).multiply(factorial(m - j))).doubleValue();
        }
        return b;
    }

    private static BigInteger factorial(int k) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= k; i++) {
            f = f.multiply(BigInteger.valueOf(i));
        }
        return f;
    }

    /** y += c·x. */
    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += c * x[i];
        }
    }

    private static double[] multiply(double[] x, double[] y, int n) {
        double[] out = new double[n * n];
        multiplyAdd(x, y, n, out);
        return out;
    }

    /** out += X·Y. */
    private static void multiplyAdd(double[] x, double[] y, int n, double[] out) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int k = 0; k < n; k++) {
                double xik = x[row + k];
                if (xik != 0) {
                    int yr = k * n;
                    for (int j = 0; j < n; j++) {
                        out[row + j] += xik * y[yr + j];
                    }
                }
            }
        }
    }

    private static double[] identity(int n) {
        double[] id = new double[n * n];
        for (int i = 0; i < n; i++) {
            id[i * n + i] = 1;
        }
        return id;
    }

    private static double[] scaled(double[] x, int exponent) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.scalb(x[i], exponent); // exact: a power of two
        }
        return out;
    }

    private static double[] transpose(double[] a, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = a[i * n + j];
            }
        }
        return t;
    }

    private static void check(String name, double[] a, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("matrix order must be >= 1, got " + n);
        }
        if (a == null || a.length != (long) n * n) {
            throw new IllegalArgumentException(name + " must be an [" + n + ", " + n + "] matrix of " + (long) n * n
                    + " values, got " + (a == null ? "null" : a.length + " values"));
        }
    }

    private static double[] toDouble(float[] a) {
        if (a == null) {
            throw new IllegalArgumentException("matrix is null");
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /** LU factorisation with partial pivoting of an [n, n] matrix, for Q·X = B with n right-hand sides. */
    private static final class Lu {
        private final double[] lu;
        private final int[] pivot;
        private final int n;

        Lu(double[] q, int n) {
            this.n = n;
            this.lu = q.clone();
            this.pivot = new int[n];
            for (int k = 0; k < n; k++) {
                int p = k;
                double best = Math.abs(lu[k * n + k]);
                for (int i = k + 1; i < n; i++) {
                    double v = Math.abs(lu[i * n + k]);
                    if (v > best) {
                        best = v;
                        p = i;
                    }
                }
                pivot[k] = p;
                if (p != k) {
                    for (int j = 0; j < n; j++) {
                        double t = lu[k * n + j];
                        lu[k * n + j] = lu[p * n + j];
                        lu[p * n + j] = t;
                    }
                }
                double d = lu[k * n + k];
                // q(A) of a Padé approximant within its bound is nonsingular (Higham 2005, §2); a zero pivot means
                // non-finite input, which run() has already turned into NaN.
                for (int i = k + 1; i < n; i++) {
                    double f = lu[i * n + k] / d;
                    lu[i * n + k] = f;
                    if (f != 0) {
                        for (int j = k + 1; j < n; j++) {
                            lu[i * n + j] -= f * lu[k * n + j];
                        }
                    }
                }
            }
        }

        /** X with Q·X = B. */
        double[] solve(double[] b) {
            double[] x = b.clone();
            for (int k = 0; k < n; k++) {
                int p = pivot[k];
                if (p != k) {
                    for (int j = 0; j < n; j++) {
                        double t = x[k * n + j];
                        x[k * n + j] = x[p * n + j];
                        x[p * n + j] = t;
                    }
                }
            }
            for (int i = 0; i < n; i++) {          // L·Y = P·B, L unit lower triangular
                for (int k = 0; k < i; k++) {
                    double f = lu[i * n + k];
                    if (f != 0) {
                        for (int j = 0; j < n; j++) {
                            x[i * n + j] -= f * x[k * n + j];
                        }
                    }
                }
            }
            for (int i = n - 1; i >= 0; i--) {     // U·X = Y
                for (int k = i + 1; k < n; k++) {
                    double f = lu[i * n + k];
                    if (f != 0) {
                        for (int j = 0; j < n; j++) {
                            x[i * n + j] -= f * x[k * n + j];
                        }
                    }
                }
                double d = lu[i * n + i];
                for (int j = 0; j < n; j++) {
                    x[i * n + j] /= d;
                }
            }
            return x;
        }
    }
}
