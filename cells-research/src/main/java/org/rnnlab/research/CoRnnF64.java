package org.rnnlab.research;

import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * The coupled oscillatory RNN, coRNN, of Rusch and Mishra (2021, "Coupled Oscillatory Recurrent Neural Network (coRNN): an
 * accurate and (gradient) stable architecture for learning long time dependencies", ICLR): a network of damped, driven,
 * coupled oscillators {@code y'' = σ(W·y + 𝒲·y' + V·u + b) − γ·y − ε·y'} (eq. 1), σ = tanh, written as the first-order
 * system y' = z (eq. 2) and discretised by the IMEX scheme of eq. 3:
 * {@code z_n = z_{n−1} + Δt·σ(W·y_{n−1} + 𝒲·z_{n−1} + V·u_n + b) − Δt·γ·y_{n−1} − Δt·ε·z_n}, {@code y_n = y_{n−1} + Δt·z_n},
 * the damping taken at z_n (implicit), so that z_n = (z_{n−1} + Δt·(σ − γ·y_{n−1}))/(1 + Δt·ε). Its hidden states stay
 * bounded and its gradients neither explode nor vanish exponentially in the sequence length (§3, Propositions 3.1–3.3).
 * The explicit scheme of the authors' code (damping at z_{n−1}) is the setting {@code scheme: explicit}.
 *
 * <p>Settings ({@link CoRnnSettings}): {@code dt}, {@code gamma}, {@code epsilon}, {@code scheme}. Parameters:
 * {@code weight_ih_l0} [H, X] (V), {@code weight_hh_l0} [H, H] (W, acting on y), {@code weight_hz_l0} [H, H] (𝒲, acting on
 * z; role RECURRENT_WEIGHT as W), and with biases {@code bias_ih_l0} [H] (b). States: y (state 0, the output) and z = y'
 * (state 1). Cache per sample: σ(·) (H).
 */
final class CoRnnF64 implements StepCell {
    private final int x;
    private final int h;
    private final boolean bias;
    private final double dt;
    private final double zFactor;
    private final double drive;
    private final double spring;
    private final List<ParameterShape> layout;
    private final double[] da;

    CoRnnF64(CellSpec spec, CoRnnSettings settings) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        this.dt = (double) settings.dt();
        this.zFactor = (double) settings.zFactor();
        this.drive = (double) settings.drive();
        this.spring = (double) settings.spring();
        List<ParameterShape> l = new ArrayList<>();
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 1, h, x));
        l.add(new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 1, h, h));
        l.add(new ParameterShape("weight_hz_l0", ParameterRole.RECURRENT_WEIGHT, 1, h, h));
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
        return 2;
    }

    @Override
    public int cacheWidth() {
        return h;
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] sg = s.cache();
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            for (int j = 0; j < h; j++) {
                sg[hb + j] = bias ? p[3][j] : 0;
            }
            DenseF64.multAdd(p[0], h, x, s.x(), b * x, sg, hb);
            DenseF64.multAdd(p[1], h, h, s.previous(0), hb, sg, hb);
            DenseF64.multAdd(p[2], h, h, s.previous(1), hb, sg, hb);
            for (int j = 0; j < h; j++) {
                int k = hb + j;
                double a = DenseF64.tanh(sg[k]);
                sg[k] = a;
                double z = zFactor * s.previous(1)[k] + drive * a - spring * s.previous(0)[k];
                s.next(1)[k] = z;
                s.next(0)[k] = s.previous(0)[k] + dt * z;
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] sg = s.cache();
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            for (int j = 0; j < h; j++) {
                int k = hb + j;
                double dy = s.gradNext(0)[k];
                double dz = s.gradNext(1)[k] + dt * dy; // z_n reaches the loss directly and through y_n = y_{n−1} + Δt·z_n
                s.gradPrevious(0)[k] += dy - spring * dz;
                s.gradPrevious(1)[k] += zFactor * dz;
                double a = sg[k];
                da[j] = drive * dz * (1 - a * a);
                if (bias) {
                    g[3][j] += da[j];
                }
            }
            DenseF64.outerAdd(g[0], h, x, da, 0, s.x(), b * x);
            DenseF64.multTransAdd(p[0], h, x, da, 0, s.gradX(), b * x);
            DenseF64.outerAdd(g[1], h, h, da, 0, s.previous(0), hb);
            DenseF64.multTransAdd(p[1], h, h, da, 0, s.gradPrevious(0), hb);
            DenseF64.outerAdd(g[2], h, h, da, 0, s.previous(1), hb);
            DenseF64.multTransAdd(p[2], h, h, da, 0, s.gradPrevious(1), hb);
        }
    }
}
