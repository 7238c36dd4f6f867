package org.rnnlab.api.plugin;

import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * A third-party cell written against the SPI alone: the Minimal Gated Unit (Zhou, Wu, Zhang and Zhou 2016).
 * {@code f = σ(W_if·x + b_if + W_hf·h + b_hf)}, {@code n = tanh(W_in·x + b_in + W_hn·(f⊙h) + b_hn)},
 * {@code h' = (1 − f)⊙h + f⊙n}. Parameters in PyTorch style with gate blocks f, n (G = 2). Cache: f, n.
 *
 * <p>It imports nothing from rnnlab but {@code org.rnnlab.api}: proof that plugin authors need no more.
 */
public final class MinimalGatedUnit implements StepCell {
    private final int x;
    private final int h;
    private final List<ParameterShape> layout;
    private final double[] af;
    private final double[] an;
    private final double[] fh;
    private final double[] dfh;
    private final boolean bias;

    MinimalGatedUnit(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        // As torch.nn: with bias=false there are no bias tensors at all.
        this.layout = bias ? List.of(
                new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 2, 2 * h, x),
                new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 2, 2 * h, h),
                new ParameterShape("bias_ih_l0", ParameterRole.BIAS, 2, 2 * h),
                new ParameterShape("bias_hh_l0", ParameterRole.BIAS, 2, 2 * h)) : List.of(
                new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 2, 2 * h, x),
                new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 2, 2 * h, h));
        this.af = new double[h];
        this.an = new double[h];
        this.fh = new double[h];
        this.dfh = new double[h];
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
        return 2 * h;
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] wih = p[0];
        double[] whh = p[1];
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            for (int j = 0; j < h; j++) {
                af[j] = bias(p, j) + dot(wih, j * x, s.x(), b * x, x) + dot(whh, j * h, s.previous(0), hb, h);
            }
            for (int j = 0; j < h; j++) {
                double f = 1 / (1 + Math.exp(-af[j]));
                s.cache()[b * 2 * h + j] = f;
                fh[j] = f * s.previous(0)[hb + j];
            }
            for (int j = 0; j < h; j++) {
                an[j] = bias(p, h + j) + dot(wih, (h + j) * x, s.x(), b * x, x) + dot(whh, (h + j) * h, fh, 0, h);
                double n = Math.tanh(an[j]);
                double f = s.cache()[b * 2 * h + j];
                s.cache()[b * 2 * h + h + j] = n;
                s.next(0)[hb + j] = (1 - f) * s.previous(0)[hb + j] + f * n;
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] wih = p[0];
        double[] whh = p[1];
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            double[] c = s.cache();
            for (int j = 0; j < h; j++) {
                double f = c[b * 2 * h + j];
                double n = c[b * 2 * h + h + j];
                double dh = s.gradNext(0)[hb + j];
                an[j] = dh * f * (1 - n * n);               // ∂L/∂a_n
                af[j] = dh * (n - s.previous(0)[hb + j]);   // ∂L/∂f, direct part
                s.gradPrevious(0)[hb + j] += dh * (1 - f);
                fh[j] = f * s.previous(0)[hb + j];
            }
            java.util.Arrays.fill(dfh, 0);
            for (int j = 0; j < h; j++) {
                int rowN = h + j;
                for (int k = 0; k < h; k++) {
                    dfh[k] += whh[rowN * h + k] * an[j];
                    g[1][rowN * h + k] += an[j] * fh[k];
                }
                for (int k = 0; k < x; k++) {
                    g[0][rowN * x + k] += an[j] * s.x()[b * x + k];
                    s.gradX()[b * x + k] += wih[rowN * x + k] * an[j];
                }
                if (bias) {
                    g[2][rowN] += an[j];
                    g[3][rowN] += an[j];
                }
            }
            for (int j = 0; j < h; j++) {
                double f = c[b * 2 * h + j];
                s.gradPrevious(0)[hb + j] += dfh[j] * f;
                af[j] = (af[j] + dfh[j] * s.previous(0)[hb + j]) * f * (1 - f); // ∂L/∂a_f
            }
            for (int j = 0; j < h; j++) {
                for (int k = 0; k < h; k++) {
                    g[1][j * h + k] += af[j] * s.previous(0)[hb + k];
                    s.gradPrevious(0)[hb + k] += whh[j * h + k] * af[j];
                }
                for (int k = 0; k < x; k++) {
                    g[0][j * x + k] += af[j] * s.x()[b * x + k];
                    s.gradX()[b * x + k] += wih[j * x + k] * af[j];
                }
                if (bias) {
                    g[2][j] += af[j];
                    g[3][j] += af[j];
                }
            }
        }
    }

    private double bias(double[][] p, int row) {
        return bias ? p[2][row] + p[3][row] : 0;
    }

    private static double dot(double[] w, int wOff, double[] v, int vOff, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += w[wOff + i] * v[vOff + i];
        }
        return sum;
    }
}
