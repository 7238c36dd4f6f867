package org.rnnlab.cpu.step;

import java.util.List;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * GRU per-step math, the readable reference of {@code torch.nn.GRU} (Cho et al. 2014):
 * {@code r = σ(W_ir·x + b_ir + W_hr·h + b_hr)}, {@code z = σ(W_iz·x + b_iz + W_hz·h + b_hz)},
 * {@code n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))}, {@code h' = (1 − z)⊙n + z⊙h}.
 * Cache per sample: r, z, n and {@code W_hn·h + b_hn}.
 */
@SuppressWarnings("cast") // each cast of a Math result is the float32 twin's narrowing; redundant in the float64 source
public final class GruStepF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final List<ParameterShape> layout;
    private final double[] ax;
    private final double[] ah;

    /** The step of {@code spec} (kind gru). */
    public GruStepF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        this.layout = ParameterShape.standardLayout(spec);
        this.ax = new double[3 * h];
        this.ah = new double[3 * h];
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return BuiltInKind.GRU.states();
    }

    @Override
    public int cacheWidth() {
        return 4 * h;
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] cache = s.cache();
        for (int b = 0; b < s.batch(); b++) {
            java.util.Arrays.fill(ax, 0);
            java.util.Arrays.fill(ah, 0);
            if (bias) {
                DenseF64.add(p[2], 0, ax, 0, 3 * h);
                DenseF64.add(p[3], 0, ah, 0, 3 * h);
            }
            DenseF64.multAdd(p[0], 3 * h, x, s.x(), b * x, ax, 0);
            DenseF64.multAdd(p[1], 3 * h, h, s.previous(0), b * h, ah, 0);
            int cb = b * 4 * h;
            for (int j = 0; j < h; j++) {
                double r = DenseF64.sigmoid(ax[j] + ah[j]);
                double z = DenseF64.sigmoid(ax[h + j] + ah[h + j]);
                double n = (double) Math.tanh(ax[2 * h + j] + r * ah[2 * h + j]);
                s.next(0)[b * h + j] = (1 - z) * n + z * s.previous(0)[b * h + j];
                cache[cb + j] = r;
                cache[cb + h + j] = z;
                cache[cb + 2 * h + j] = n;
                cache[cb + 3 * h + j] = ah[2 * h + j];
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] grads) {
        double[] cache = s.cache();
        for (int b = 0; b < s.batch(); b++) {
            int cb = b * 4 * h;
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                double r = cache[cb + j];
                double z = cache[cb + h + j];
                double n = cache[cb + 2 * h + j];
                double hn = cache[cb + 3 * h + j];
                double dh = s.gradNext(0)[k];
                double dan = dh * (1 - z) * (1 - n * n);
                double dar = dan * hn * r * (1 - r);
                double daz = dh * (s.previous(0)[k] - n) * z * (1 - z);
                ax[j] = dar;
                ax[h + j] = daz;
                ax[2 * h + j] = dan;
                ah[j] = dar;
                ah[h + j] = daz;
                ah[2 * h + j] = dan * r;
                s.gradPrevious(0)[k] += dh * z;
            }
            DenseF64.outerAdd(grads[0], 3 * h, x, ax, 0, s.x(), b * x);
            DenseF64.outerAdd(grads[1], 3 * h, h, ah, 0, s.previous(0), b * h);
            if (bias) {
                DenseF64.add(ax, 0, grads[2], 0, 3 * h);
                DenseF64.add(ah, 0, grads[3], 0, 3 * h);
            }
            DenseF64.multTransAdd(p[0], 3 * h, x, ax, 0, s.gradX(), b * x);
            DenseF64.multTransAdd(p[1], 3 * h, h, ah, 0, s.gradPrevious(0), b * h);
        }
    }
}
