package org.rnnlab.cpu.step;

import java.util.List;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * Elman RNN per-step math, the readable reference of {@code torch.nn.RNN} (Elman 1990):
 * {@code h' = f(W_ih·x + b_ih + W_hh·h + b_hh)} with f = tanh or ReLU. No cache: f' is read off h'.
 */
@SuppressWarnings("cast") // each cast of a Math result is the float32 twin's narrowing; redundant in the float64 source
public final class RnnStepF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final boolean relu;
    private final List<ParameterShape> layout;
    private final double[] a;

    /** The step of {@code spec} (kind rnn). */
    public RnnStepF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        this.relu = spec.nonlinearity() == Nonlinearity.RELU;
        this.layout = ParameterShape.standardLayout(spec);
        this.a = new double[h];
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return BuiltInKind.RNN.states();
    }

    @Override
    public int cacheWidth() {
        return 0;
    }

    @Override
    public void forward(double[][] p, Step s) {
        for (int b = 0; b < s.batch(); b++) {
            java.util.Arrays.fill(a, 0);
            if (bias) {
                DenseF64.add(p[2], 0, a, 0, h);
                DenseF64.add(p[3], 0, a, 0, h);
            }
            DenseF64.multAdd(p[0], h, x, s.x(), b * x, a, 0);
            DenseF64.multAdd(p[1], h, h, s.previous(0), b * h, a, 0);
            for (int j = 0; j < h; j++) {
                s.next(0)[b * h + j] = relu ? Math.max(0, a[j]) : (double) Math.tanh(a[j]);
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] grads) {
        for (int b = 0; b < s.batch(); b++) {
            for (int j = 0; j < h; j++) {
                double v = s.next(0)[b * h + j];
                a[j] = s.gradNext(0)[b * h + j] * (relu ? (v > 0 ? 1 : 0) : 1 - v * v);
            }
            DenseF64.outerAdd(grads[0], h, x, a, 0, s.x(), b * x);
            DenseF64.outerAdd(grads[1], h, h, a, 0, s.previous(0), b * h);
            if (bias) {
                DenseF64.add(a, 0, grads[2], 0, h);
                DenseF64.add(a, 0, grads[3], 0, h);
            }
            DenseF64.multTransAdd(p[0], h, x, a, 0, s.gradX(), b * x);
            DenseF64.multTransAdd(p[1], h, h, a, 0, s.gradPrevious(0), b * h);
        }
    }
}
