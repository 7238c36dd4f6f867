package org.rnnlab.experiments.probe;

import java.util.SplittableRandom;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;

/**
 * Measures gradient stability along one sequence (Bengio, Simard and Frasconi 1994; Pascanu, Mikolov and Bengio
 * 2013): the per-step state Jacobians J_t = ∂s_{t+1}/∂s_t (s = h, or (h, c) for an LSTM: the state tensors laid end to
 * end, each with its own width, so a projected LSTM's s has P + H coordinates), their products
 * ∂s_T/∂s_{T−k} for every lag k, the largest singular value of each product, and ‖∂L/∂s_t‖ for a linear readout
 * L = uᵀh_T.
 *
 * <p>Products over long lags under- or overflow double precision, so they are kept renormalised: P = Q·10^e with
 * ‖Q‖_F = 1, and every figure is reported as a base-10 logarithm. Rows of J_t come from the cell's own backward pass
 * (one vector–Jacobian product per state coordinate), so the probe works for every backend and plugin cell.
 */
public final class GradientProbe {
    private static final int POWER_ITERATIONS = 200;

    private GradientProbe() {
    }

    /**
     * The measurements.
     *
     * @param log10GradNorm  index k = lag: log10 ‖∂L/∂s_{T−k}‖, k = 0 … T
     * @param log10SigmaMax  index k = lag: log10 σ_max(∂s_T/∂s_{T−k}), k = 1 … T (index 0 is 0: the identity)
     * @param decayPerStep   10^slope of the least-squares line through log10 ‖∂L/∂s_{T−k}‖ against k: &lt; 1 vanishing,
     *                       &gt; 1 exploding
     */
    public record Profile(double[] log10GradNorm, double[] log10SigmaMax, double decayPerStep) {
    }

    /**
     * Probes {@code cell} (batch 1) along {@code input} [T, 1, X] from a zero state.
     *
     * @param seed seed of the readout direction u
     */
    public static Profile probe(RecurrentCell cell, Tensor input, long seed) {
        int steps = input.dim(0);
        int h = cell.stateSize(0);
        int size = stateCoordinates(cell);
        Precision p = cell.spec().precision();
        // Forward one step at a time, keeping every state.
        State[] states = new State[steps + 1];
        states[0] = State.zeros(cell, 1);
        Tensor[] xs = new Tensor[steps];
        int x = input.dim(2);
        for (int t = 0; t < steps; t++) {
            xs[t] = Tensor.zeros(p, 1, 1, x);
            for (int j = 0; j < x; j++) {
                xs[t].set(j, input.get(t * x + j));
            }
            states[t + 1] = cell.forward(xs[t], states[t]).finalState().copy();
        }
        double[] r = new double[size];
        SplittableRandom rnd = new SplittableRandom(seed);
        double norm = 0;
        for (int i = 0; i < h; i++) {
            r[i] = rnd.nextGaussian();
            norm += r[i] * r[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < h; i++) {
            r[i] /= norm;
        }
        double rLog = 0; // log10 of the readout gradient's scale
        double[][] q = identity(size);
        double qLog = 0;
        double[] gradLog = new double[steps + 1];
        double[] sigmaLog = new double[steps + 1];
        gradLog[0] = 0;
        double[][] j = new double[size][size];
        for (int lag = 1; lag <= steps; lag++) {
            int t = steps - lag;
            jacobian(cell, xs[t], states[t], j);
            // Row vector: r ← r·J_t; matrix: Q ← Q·J_t (Q accumulates J_{T−1}·…·J_t).
            r = rowTimes(r, j);
            double rn = frobenius(r);
            rLog += Math.log10(Math.max(rn, Double.MIN_VALUE));
            scale(r, rn);
            gradLog[lag] = rn == 0 ? Double.NEGATIVE_INFINITY : rLog;
            q = times(q, j);
            double qn = frobenius(q);
            qLog += Math.log10(Math.max(qn, Double.MIN_VALUE));
            scale(q, qn);
            sigmaLog[lag] = qn == 0 ? Double.NEGATIVE_INFINITY : qLog + Math.log10(sigmaMax(q));
        }
        return new Profile(gradLog, sigmaLog, Math.pow(10, slope(gradLog)));
    }

    /** Coordinates of the state vector s: the widths of every state tensor, summed. */
    private static int stateCoordinates(RecurrentCell cell) {
        int size = 0;
        for (int m = 0; m < cell.stateCount(); m++) {
            size += cell.stateSize(m);
        }
        return size;
    }

    /** J[i][*] = row i of ∂s_{t+1}/∂s_t, from one backward pass per state coordinate (tensor m's start at Σ widths before it). */
    private static void jacobian(RecurrentCell cell, Tensor x, State s, double[][] j) {
        int k = cell.stateCount();
        int[] start = new int[k + 1];
        for (int m = 0; m < k; m++) {
            start[m + 1] = start[m] + cell.stateSize(m);
        }
        ForwardPass pass = cell.forward(x, s);
        for (int m0 = 0; m0 < k; m0++) {
            for (int i = start[m0]; i < start[m0 + 1]; i++) {
                State g = State.zeros(cell, 1);
                g.get(m0).set(i - start[m0], 1.0);
                Gradients grads = cell.backward(pass, Upstream.ofFinalState(g));
                for (int m = 0; m < k; m++) {
                    for (int c = 0; c < cell.stateSize(m); c++) {
                        j[i][start[m] + c] = grads.initialState().get(m).get(c);
                    }
                }
            }
        }
    }

    /** σ_max by power iteration on QᵀQ. */
    static double sigmaMax(double[][] q) {
        int n = q[0].length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1 + 0.01 * i;
        }
        double lambda = 0;
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            double[] w = columnTimes(q, v);       // Qv
            double[] u = rowTimes(w, q);          // (Qv)ᵀQ = (QᵀQv)ᵀ
            double nu = frobenius(u);
            if (nu == 0) {
                return 0;
            }
            lambda = nu / frobenius(v);
            for (int i = 0; i < n; i++) {
                v[i] = u[i] / nu;
            }
        }
        return Math.sqrt(lambda);
    }

    private static double slope(double[] y) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int x = 0; x < y.length; x++) {
            if (Double.isFinite(y[x])) {
                sx += x;
                sy += y[x];
                sxx += (double) x * x;
                sxy += x * y[x];
                n++;
            }
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[] rowTimes(double[] r, double[][] m) {
        double[] out = new double[m[0].length];
        for (int i = 0; i < r.length; i++) {
            if (r[i] != 0) {
                for (int c = 0; c < out.length; c++) {
                    out[c] += r[i] * m[i][c];
                }
            }
        }
        return out;
    }

    private static double[] columnTimes(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int c = 0; c < v.length; c++) {
                s += m[i][c] * v[c];
            }
            out[i] = s;
        }
        return out;
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            out[i] = rowTimes(a[i], b);
        }
        return out;
    }

    private static double frobenius(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double frobenius(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double x : row) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }

    private static void scale(double[] v, double n) {
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
    }

    private static void scale(double[][] m, double n) {
        if (n > 0) {
            for (double[] row : m) {
                scale(row, n);
            }
        }
    }
}
