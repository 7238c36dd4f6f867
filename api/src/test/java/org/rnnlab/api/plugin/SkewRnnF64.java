package org.rnnlab.api.plugin;

import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * A test cell for the SPI's pass hooks: {@code h' = tanh(W_ih·x + b_ih + (A − Aᵀ)·h)}, with the skew-symmetric recurrent
 * matrix made once per pass in {@link #prepare} (as an orthogonal RNN makes exp(A − Aᵀ)) and its gradient mapped back onto
 * A in {@link #backwardPrepared}; a generator drawn its own way ({@link #initialize}: A upper triangular, U(−0.5, 0.5));
 * and a constraint, |b_ih| ≤ 1/4, applied by {@link #constrain}. Written in {@code double}; its float32 twin is generated.
 */
@SuppressWarnings("cast") // (double) casts are redundant here and are what the float32 twin needs: (float) Math.tanh(a)
public final class SkewRnnF64 implements StepCell {
    /** The bound {@link #constrain} keeps the bias within: 1/4, exact in both precisions. */
    static final double BIAS_BOUND = (double) 0.25;
    private final int x;
    private final int h;
    private final boolean bias;
    private final List<ParameterShape> layout;
    private final double[] da;

    SkewRnnF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        List<ParameterShape> l = new ArrayList<>();
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 1, h, x));
        l.add(new ParameterShape("log_weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 1, h, h));
        if (bias) {
            l.add(new ParameterShape("bias_ih_l0", ParameterRole.BIAS, 1, h));
        }
        this.layout = List.copyOf(l);
        this.da = new double[h];
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public int cacheWidth() {
        return 0;
    }

    /** The parameters followed by W = A − Aᵀ. */
    @Override
    public double[][] prepare(double[][] params) {
        double[][] p = java.util.Arrays.copyOf(params, params.length + 1);
        double[] a = params[1];
        double[] w = new double[h * h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                w[i * h + j] = a[i * h + j] - a[j * h + i];
            }
        }
        p[params.length] = w;
        return p;
    }

    @Override
    public void backwardPrepared(double[][] params, double[][] prepared, double[][] preparedGrads, double[][] paramGrads) {
        for (int i = 0; i < params.length; i++) {
            System.arraycopy(preparedGrads[i], 0, paramGrads[i], 0, params[i].length);
        }
        double[] dw = preparedGrads[params.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                paramGrads[1][i * h + j] += dw[i * h + j] - dw[j * h + i]; // ∂W_ij/∂A_ij = 1, ∂W_ji/∂A_ij = −1
            }
        }
    }

    @Override
    public void initialize(double[][] params, java.util.SplittableRandom rnd) {
        double[] a = params[1];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                a[i * h + j] = j > i ? (double) (rnd.nextDouble() - 0.5) : 0; // one draw, cast to the arrays' type
            }
        }
    }

    @Override
    public void constrain(double[][] params) {
        if (bias) {
            double[] b = params[2];
            for (int j = 0; j < h; j++) {
                b[j] = Math.max(-BIAS_BOUND, Math.min(BIAS_BOUND, b[j]));
            }
        }
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] w = p[p.length - 1];
        for (int b = 0; b < s.batch(); b++) {
            for (int j = 0; j < h; j++) {
                double a = bias ? p[2][j] : 0;
                for (int c = 0; c < x; c++) {
                    a += p[0][j * x + c] * s.x()[b * x + c];
                }
                for (int c = 0; c < h; c++) {
                    a += w[j * h + c] * s.previous(0)[b * h + c];
                }
                s.next(0)[b * h + j] = (double) Math.tanh(a);
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] w = p[p.length - 1];
        double[] dw = g[g.length - 1];
        for (int b = 0; b < s.batch(); b++) {
            for (int j = 0; j < h; j++) {
                double y = s.next(0)[b * h + j];
                da[j] = s.gradNext(0)[b * h + j] * (1 - y * y);
            }
            for (int j = 0; j < h; j++) {
                if (bias) {
                    g[2][j] += da[j];
                }
                for (int c = 0; c < x; c++) {
                    g[0][j * x + c] += da[j] * s.x()[b * x + c];
                    s.gradX()[b * x + c] += da[j] * p[0][j * x + c];
                }
                for (int c = 0; c < h; c++) {
                    dw[j * h + c] += da[j] * s.previous(0)[b * h + c];
                    s.gradPrevious(0)[b * h + c] += da[j] * w[j * h + c];
                }
            }
        }
    }
}
