package org.rnnlab.research;

import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * The LSTM with peephole connections of Gers, Schraudolph and Schmidhuber (2002, "Learning precise timing with LSTM
 * recurrent networks", JMLR 3, §2, the peephole connections): the gates also see the cell state, so that they can time
 * their opening on it. The input and forget gates see c_{t−1}, the output gate the new c_t:
 * {@code i = σ(W_ii·x + b_ii + W_hi·h + b_hi + w_ci⊙c)}, {@code f = σ(W_if·x + b_if + W_hf·h + b_hf + w_cf⊙c)},
 * {@code g = tanh(W_ig·x + b_ig + W_hg·h + b_hg)}, {@code c' = f⊙c + i⊙g},
 * {@code o = σ(W_io·x + b_io + W_ho·h + b_ho + w_co⊙c')}, {@code h' = o⊙tanh(c')}. With zero peepholes it is
 * {@code torch.nn.LSTM}.
 *
 * <p>Parameters: {@code weight_ih_l0} [4H, X], {@code weight_hh_l0} [4H, H], {@code bias_ih_l0}, {@code bias_hh_l0} [4H]
 * (gate blocks i, f, g, o as {@code torch.nn.LSTM}; no biases with {@code bias=false}), then the diagonal peephole weights
 * {@code weight_ci_l0}, {@code weight_cf_l0}, {@code weight_co_l0} [H] (role OTHER, drawn U(−1/√H, 1/√H)). States h, c.
 * Cache per sample: i, f, g, o.
 */
final class PeepholeLstmF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final int peep;
    private final List<ParameterShape> layout;
    private final double[] da;

    PeepholeLstmF64(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        List<ParameterShape> l = new ArrayList<>();
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 4, 4 * h, x));
        l.add(new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 4, 4 * h, h));
        if (bias) {
            l.add(new ParameterShape("bias_ih_l0", ParameterRole.BIAS, 4, 4 * h));
            l.add(new ParameterShape("bias_hh_l0", ParameterRole.BIAS, 4, 4 * h));
        }
        this.peep = l.size();
        l.add(new ParameterShape("weight_ci_l0", ParameterRole.OTHER, 1, h));
        l.add(new ParameterShape("weight_cf_l0", ParameterRole.OTHER, 1, h));
        l.add(new ParameterShape("weight_co_l0", ParameterRole.OTHER, 1, h));
        this.layout = List.copyOf(l);
        this.da = new double[4 * h];
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public int cacheWidth() {
        return 4 * h;
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] a = s.cache();
        double[] wci = p[peep];
        double[] wcf = p[peep + 1];
        double[] wco = p[peep + 2];
        for (int b = 0; b < s.batch(); b++) {
            int ab = b * 4 * h;
            for (int r = 0; r < 4 * h; r++) {
                a[ab + r] = bias ? p[2][r] + p[3][r] : 0;
            }
            DenseF64.multAdd(p[0], 4 * h, x, s.x(), b * x, a, ab);
            DenseF64.multAdd(p[1], 4 * h, h, s.previous(0), b * h, a, ab);
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                double c = s.previous(1)[k];
                double i = DenseF64.sigmoid(a[ab + j] + wci[j] * c);
                double f = DenseF64.sigmoid(a[ab + h + j] + wcf[j] * c);
                double g = DenseF64.tanh(a[ab + 2 * h + j]);
                double cn = f * c + i * g;
                double o = DenseF64.sigmoid(a[ab + 3 * h + j] + wco[j] * cn);
                a[ab + j] = i;
                a[ab + h + j] = f;
                a[ab + 2 * h + j] = g;
                a[ab + 3 * h + j] = o;
                s.next(1)[k] = cn;
                s.next(0)[k] = o * DenseF64.tanh(cn);
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] grads) {
        double[] a = s.cache();
        double[] wci = p[peep];
        double[] wcf = p[peep + 1];
        double[] wco = p[peep + 2];
        for (int b = 0; b < s.batch(); b++) {
            int ab = b * 4 * h;
            for (int j = 0; j < h; j++) {
                int k = b * h + j;
                double i = a[ab + j];
                double f = a[ab + h + j];
                double g = a[ab + 2 * h + j];
                double o = a[ab + 3 * h + j];
                double c = s.previous(1)[k];
                double cn = s.next(1)[k];
                double tc = DenseF64.tanh(cn);
                double dh = s.gradNext(0)[k];
                double dao = dh * tc * o * (1 - o);
                // c' reaches the loss through h' = o⊙tanh(c'), through the output gate's peephole, and as the next state.
                double dc = s.gradNext(1)[k] + dh * o * (1 - tc * tc) + dao * wco[j];
                double dai = dc * g * i * (1 - i);
                double daf = dc * c * f * (1 - f);
                da[j] = dai;
                da[h + j] = daf;
                da[2 * h + j] = dc * i * (1 - g * g);
                da[3 * h + j] = dao;
                s.gradPrevious(1)[k] += dc * f + dai * wci[j] + daf * wcf[j];
                grads[peep][j] += dai * c;
                grads[peep + 1][j] += daf * c;
                grads[peep + 2][j] += dao * cn;
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
