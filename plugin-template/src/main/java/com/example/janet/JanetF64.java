package com.example.janet;

import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * JANET, the forget-gate-only LSTM (van der Westhuizen and Lasenby 2018, "The unreasonable effectiveness of the forget
 * gate", arXiv:1804.04849): {@code s = W_if·x + b_if + W_hf·h + b_hf}, {@code c̃ = tanh(W_ic·x + b_ic + W_hc·h + b_hc)},
 * {@code h' = σ(s)⊙h + (1 − σ(s − β))⊙c̃} with β = 1. One state (h = c). Parameters in PyTorch style with gate blocks
 * f, c (G = 2): {@code weight_ih_l0} [2H, X], {@code weight_hh_l0} [2H, H], and, unless {@code bias=false},
 * {@code bias_ih_l0}, {@code bias_hh_l0} [2H]. Cache per sample: σ(s), σ(s − β), c̃ (3H values).
 *
 * <p>One source for both precisions: the build (rnnlab-plugin-parent) writes the float32 twin from the float64 one by
 * textual rules ({@code double} → {@code float}, {@code StepCell} → {@code StepCellF32}, …). So every value stored has the
 * arrays' type on its own: Math results are cast ({@code (double) Math.tanh(a)}), and no bare fractional literal such as
 * {@code 1.0} stands where a value is kept.
 */
@SuppressWarnings("cast") // each cast of a Math result is the float32 twin's narrowing; redundant in the float64 source
public final class JanetF64 implements StepCell {
    /** The paper's shift of the input gate's pre-activation. */
    static final double BETA = 1;

    private final int x;
    private final int h;
    private final boolean bias;
    private final List<ParameterShape> layout;
    private final double[] da;

    JanetF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        List<ParameterShape> l = new ArrayList<>();
        // ParameterShape(name, role, gate blocks, dims…): the role groups parameters for initializers and clipping, the
        // gate count tells the initializer that the rows are G blocks of H.
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 2, 2 * h, x));
        l.add(new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 2, 2 * h, h));
        if (bias) {
            l.add(new ParameterShape("bias_ih_l0", ParameterRole.BIAS, 2, 2 * h));
            l.add(new ParameterShape("bias_hh_l0", ParameterRole.BIAS, 2, 2 * h));
        }
        this.layout = List.copyOf(l);
        this.da = new double[2 * h];
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
        return 3 * h;
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] wih = p[0];
        double[] whh = p[1];
        double[] cache = s.cache();
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            int cb = b * 3 * h;
            for (int r = 0; r < 2 * h; r++) {
                double a = bias ? p[2][r] + p[3][r] : 0;
                for (int k = 0; k < x; k++) {
                    a += wih[r * x + k] * s.x()[b * x + k];
                }
                for (int k = 0; k < h; k++) {
                    a += whh[r * h + k] * s.previous(0)[hb + k];
                }
                da[r] = a;
            }
            for (int j = 0; j < h; j++) {
                double f = sigmoid(da[j]);
                double i = sigmoid(da[j] - BETA);
                double c = (double) Math.tanh(da[h + j]);
                cache[cb + j] = f;
                cache[cb + h + j] = i;
                cache[cb + 2 * h + j] = c;
                s.next(0)[hb + j] = f * s.previous(0)[hb + j] + (1 - i) * c;
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] wih = p[0];
        double[] whh = p[1];
        double[] cache = s.cache();
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            int cb = b * 3 * h;
            for (int j = 0; j < h; j++) {
                double f = cache[cb + j];
                double i = cache[cb + h + j];
                double c = cache[cb + 2 * h + j];
                double dh = s.gradNext(0)[hb + j];
                s.gradPrevious(0)[hb + j] += dh * f;
                // ∂h'/∂s = h·σ'(s) − c̃·σ'(s − β);  ∂h'/∂a_c = (1 − σ(s − β))·(1 − c̃²)
                da[j] = dh * (s.previous(0)[hb + j] * f * (1 - f) - c * i * (1 - i));
                da[h + j] = dh * (1 - i) * (1 - c * c);
            }
            for (int r = 0; r < 2 * h; r++) {
                double d = da[r];
                for (int k = 0; k < x; k++) {
                    g[0][r * x + k] += d * s.x()[b * x + k];
                    s.gradX()[b * x + k] += wih[r * x + k] * d;
                }
                for (int k = 0; k < h; k++) {
                    g[1][r * h + k] += d * s.previous(0)[hb + k];
                    s.gradPrevious(0)[hb + k] += whh[r * h + k] * d;
                }
                if (bias) {
                    g[2][r] += d;
                    g[3][r] += d;
                }
            }
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + (double) Math.exp(-v));
    }
}
