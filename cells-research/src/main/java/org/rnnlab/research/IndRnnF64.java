package org.rnnlab.research;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * The independently recurrent neural network of Li, Li, Cook, Zhu and Gao (2018, "Independently Recurrent Neural Network
 * (IndRNN): Building a longer and deeper RNN", CVPR; eq. 2): {@code h' = relu(W·x + u⊙h + b)}, each unit recurrent only
 * onto itself through one weight u_j. The gradient through an active unit over T steps is u_j^T (§3.1), so the paper
 * bounds |u_j| ≤ γ^{1/T}: {@link #constrain} clips u into [−γ^{1/T}, γ^{1/T}] after every optimizer step (and once after
 * the initialization), with γ and T the settings {@code magnitude} and {@code length} ({@link IndRnnSettings}).
 *
 * <p>Initialization ({@link #initialize}): u ~ U(γ^{−1/T}, γ^{1/T}), the authors' draw for the recurrent weights of the
 * output layer (adding problem, sequential MNIST), which keeps every unit's memory between 1/γ and γ over T steps; a
 * single cell is the output layer of its network in rnnlab's sweeps. W and b keep the spec's standard draw. A spec whose
 * recurrent weights are {@code SCALED_IDENTITY} keeps u = gain instead (the identity's diagonal, the IRNN start that
 * Li et al. compare with); under every other recurrent scheme u is the authors' draw.
 *
 * <p>Parameters: {@code weight_ih_l0} [H, X], {@code weight_hh_l0} [H] (u, role RECURRENT_WEIGHT), and with biases
 * {@code bias_ih_l0} [H] (the paper has one bias). State h. No cache: relu'(a) is read from h' > 0 (0 at a = 0, as
 * PyTorch's relu).
 */
final class IndRnnF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final double bound;
    private final double lowerInitial;
    private final boolean identity;
    private final List<ParameterShape> layout;
    private final double[] da;

    IndRnnF64(CellSpec spec, IndRnnSettings settings) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        this.bound = (double) settings.bound();
        this.lowerInitial = (double) settings.lowerInitial();
        this.identity = spec.initialization().recurrentWeights() == org.rnnlab.api.WeightInit.SCALED_IDENTITY;
        List<ParameterShape> l = new ArrayList<>();
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 1, h, x));
        l.add(new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 1, h));
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

    /** u ~ U(γ^{−1/T}, γ^{1/T}). */
    @Override
    public void initialize(double[][] params, SplittableRandom rnd) {
        if (identity) {
            return;
        }
        double[] u = params[1];
        for (int j = 0; j < h; j++) {
            u[j] = (double) (lowerInitial + (bound - lowerInitial) * rnd.nextDouble());
        }
    }

    /** |u_j| ≤ γ^{1/T}. */
    @Override
    public void constrain(double[][] params) {
        double[] u = params[1];
        for (int j = 0; j < h; j++) {
            u[j] = Math.max(-bound, Math.min(bound, u[j]));
        }
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] u = p[1];
        double[] next = s.next(0);
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            for (int j = 0; j < h; j++) {
                next[hb + j] = u[j] * s.previous(0)[hb + j] + (bias ? p[2][j] : 0);
            }
            DenseF64.multAdd(p[0], h, x, s.x(), b * x, next, hb);
            for (int j = 0; j < h; j++) {
                next[hb + j] = Math.max(next[hb + j], 0);
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] u = p[1];
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            for (int j = 0; j < h; j++) {
                da[j] = s.next(0)[hb + j] > 0 ? s.gradNext(0)[hb + j] : 0;
                g[1][j] += da[j] * s.previous(0)[hb + j];
                s.gradPrevious(0)[hb + j] += da[j] * u[j];
                if (bias) {
                    g[2][j] += da[j];
                }
            }
            DenseF64.outerAdd(g[0], h, x, da, 0, s.x(), b * x);
            DenseF64.multTransAdd(p[0], h, x, da, 0, s.gradX(), b * x);
        }
    }
}
