package org.rnnlab.cpu.step;

import java.util.List;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * LSTM per-step math, the readable reference of {@code torch.nn.LSTM} (Hochreiter and Schmidhuber 1997;
 * Gers et al. 2000): {@code [i, f, g, o] = [σ, σ, tanh, σ](W_ih·x + b_ih + W_hh·h + b_hh)},
 * {@code c' = f⊙c + i⊙g}, {@code h' = o⊙tanh(c')}. States: h, c. Cache per sample: i, f, g, o.
 */
@SuppressWarnings("cast") // each cast of a Math result is the float32 twin's narrowing; redundant in the float64 source
public final class LstmStepF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final List<ParameterShape> layout;
    private final double[] da;

    /** The step of {@code spec} (kind lstm). */
    public LstmStepF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        this.layout = ParameterShape.standardLayout(spec);
        this.da = new double[4 * h];
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return BuiltInKind.LSTM.states();
    }

    @Override
    public int cacheWidth() {
        return 4 * h;
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] a = s.cache();
        java.util.Arrays.fill(a, 0);
        for (int b = 0; b < s.batch(); b++) {
            int ab = b * 4 * h;
            if (bias) {
                DenseF64.add(p[2], 0, a, ab, 4 * h);
                DenseF64.add(p[3], 0, a, ab, 4 * h);
            }
            DenseF64.multAdd(p[0], 4 * h, x, s.x(), b * x, a, ab);
            DenseF64.multAdd(p[1], 4 * h, h, s.previous(0), b * h, a, ab);
            for (int j = 0; j < h; j++) {
                double i = DenseF64.sigmoid(a[ab + j]);
                double f = DenseF64.sigmoid(a[ab + h + j]);
                double g = (double) Math.tanh(a[ab + 2 * h + j]);
                double o = DenseF64.sigmoid(a[ab + 3 * h + j]);
                a[ab + j] = i;
                a[ab + h + j] = f;
                a[ab + 2 * h + j] = g;
                a[ab + 3 * h + j] = o;
                double c = f * s.previous(1)[b * h + j] + i * g;
                s.next(1)[b * h + j] = c;
                s.next(0)[b * h + j] = o * (double) Math.tanh(c);
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] grads) {
        double[] a = s.cache();
        for (int b = 0; b < s.batch(); b++) {
            int ab = b * 4 * h;
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                double i = a[ab + j];
                double f = a[ab + h + j];
                double g = a[ab + 2 * h + j];
                double o = a[ab + 3 * h + j];
                double tc = (double) Math.tanh(s.next(1)[k]);
                double dh = s.gradNext(0)[k];
                double dc = s.gradNext(1)[k] + dh * o * (1 - tc * tc);
                da[j] = dc * g * i * (1 - i);
                da[h + j] = dc * s.previous(1)[k] * f * (1 - f);
                da[2 * h + j] = dc * i * (1 - g * g);
                da[3 * h + j] = dh * tc * o * (1 - o);
                s.gradPrevious(1)[k] += dc * f;
            }
            DenseF64.outerAdd(grads[0], 4 * h, x, da, 0, s.x(), b * x);
            DenseF64.outerAdd(grads[1], 4 * h, h, da, 0, s.previous(0), b * h);
            if (bias) {
                DenseF64.add(da, 0, grads[2], 0, 4 * h);
                DenseF64.add(da, 0, grads[3], 0, 4 * h);
            }
            DenseF64.multTransAdd(p[0], 4 * h, x, da, 0, s.gradX(), b * x);
            DenseF64.multTransAdd(p[1], 4 * h, h, da, 0, s.gradPrevious(0), b * h);
        }
    }
}
