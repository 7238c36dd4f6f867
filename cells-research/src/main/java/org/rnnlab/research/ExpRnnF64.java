package org.rnnlab.research;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * The orthogonal RNN by the exponential map, expRNN, of Lezcano-Casado and Martínez-Rubio (2019, "Cheap orthogonal
 * constraints in neural networks: a simple parametrization of the orthogonal and unitary group", ICML; §3–4):
 * {@code h' = σ(W_ih·x + b + W·h)} with {@code W = e^{A − Aᵀ}}, orthogonal for every A because A − Aᵀ is skew-symmetric,
 * so training A by plain gradient descent keeps W on the orthogonal group (special orthogonal, det W = 1) without
 * projections. σ is modReLU by default (the paper's), or tanh or the identity ({@link ExpRnnSettings}).
 *
 * <p>W is made once per pass ({@link #prepare}: the parameters followed by W, by {@link MatrixExponential#exp}); the steps
 * accumulate G = ∂L/∂W, and {@link #backwardPrepared} maps it back exactly: ∂L/∂(A − Aᵀ) = L(−(A − Aᵀ), G), the adjoint
 * of the Fréchet derivative of the exponential (Al-Mohy and Higham 2009; {@link MatrixExponential#frechetAdjoint}), and
 * ∂L/∂A = D − Dᵀ for that D.
 *
 * <p>Initialization ({@link #initialize}): A is zero but for A[2i, 2i+1] = θ_i, so A − Aᵀ is the paper's block-diagonal
 * generator (Henaff or Cayley, {@link ExpRnnSettings.Init}); with odd H the last unit's row and column stay 0 (W fixes it).
 * The modReLU thresholds are drawn U(−0.01, 0.01) as in the authors' code; W_ih and b keep the spec's standard draw.
 *
 * <p>Parameters: {@code weight_ih_l0} [H, X], {@code log_weight_hh_l0} [H, H] (A, role RECURRENT_WEIGHT), with biases
 * {@code bias_ih_l0} [H] (added before σ, as {@code torch.nn.RNN}'s; the paper's cell has none: take {@code bias=false}
 * for it), and with modReLU {@code modrelu_bias_l0} [H] (role OTHER: part of the activation, so present with
 * {@code bias=false} too). State h. No cache: σ' is read from h'.
 */
final class ExpRnnF64 implements StepCell {
    /** Half-width of modReLU's threshold draw, as in the authors' code. */
    static final double MODRELU_INIT = (double) 0.01;
    private final int x;
    private final int h;
    private final boolean bias;
    private final ExpRnnSettings.Activation activation;
    private final ExpRnnSettings.Init init;
    private final int modrelu;
    private final List<ParameterShape> layout;
    private final double[] da;

    ExpRnnF64(CellSpec spec, ExpRnnSettings settings) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.bias = spec.bias();
        this.activation = settings.activation();
        this.init = settings.init();
        List<ParameterShape> l = new ArrayList<>();
        l.add(new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 1, h, x));
        l.add(new ParameterShape("log_weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 1, h, h));
        if (bias) {
            l.add(new ParameterShape("bias_ih_l0", ParameterRole.BIAS, 1, h));
        }
        this.modrelu = activation == ExpRnnSettings.Activation.MODRELU ? l.size() : -1;
        if (modrelu >= 0) {
            l.add(new ParameterShape("modrelu_bias_l0", ParameterRole.OTHER, 1, h));
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

    /** A from the paper's initialization; modReLU thresholds U(−0.01, 0.01). */
    @Override
    public void initialize(double[][] params, SplittableRandom rnd) {
        double[] a = params[1];
        Arrays.fill(a, 0);
        for (int i = 0; 2 * i + 1 < h; i++) {
            a[2 * i * h + 2 * i + 1] = (double) init.angle(rnd);
        }
        if (modrelu >= 0) {
            for (int j = 0; j < h; j++) {
                params[modrelu][j] = (double) (MODRELU_INIT * (2 * rnd.nextDouble() - 1));
            }
        }
    }

    /** The parameters followed by W = e^{A − Aᵀ}, [H, H]. */
    @Override
    public double[][] prepare(double[][] params) {
        double[][] p = Arrays.copyOf(params, params.length + 1);
        p[params.length] = MatrixExponential.exp(skew(params[1]), h);
        return p;
    }

    /** ∂L/∂A = D − Dᵀ with D = L((A − Aᵀ)ᵀ, G), G = ∂L/∂W from the steps; every other gradient as the steps left it. */
    @Override
    public void backwardPrepared(double[][] params, double[][] prepared, double[][] preparedGrads, double[][] paramGrads) {
        for (int i = 0; i < params.length; i++) {
            System.arraycopy(preparedGrads[i], 0, paramGrads[i], 0, params[i].length);
        }
        double[] d = MatrixExponential.frechetAdjoint(skew(params[1]), preparedGrads[params.length], h);
        double[] ga = paramGrads[1];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                ga[i * h + j] += d[i * h + j] - d[j * h + i];
            }
        }
    }

    /** A − Aᵀ. */
    private double[] skew(double[] a) {
        double[] b = new double[h * h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                b[i * h + j] = a[i * h + j] - a[j * h + i];
            }
        }
        return b;
    }

    @Override
    public void forward(double[][] p, Step s) {
        double[] w = p[p.length - 1];
        double[] next = s.next(0);
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            for (int j = 0; j < h; j++) {
                next[hb + j] = bias ? p[2][j] : 0;
            }
            DenseF64.multAdd(p[0], h, x, s.x(), b * x, next, hb);
            DenseF64.multAdd(w, h, h, s.previous(0), hb, next, hb);
            for (int j = 0; j < h; j++) {
                double z = next[hb + j];
                switch (activation) {
                    case MODRELU -> {
                        double magnitude = Math.abs(z) + p[modrelu][j];
                        next[hb + j] = magnitude > 0 ? Math.signum(z) * magnitude : 0;
                    }
                    case TANH -> next[hb + j] = DenseF64.tanh(z);
                    case LINEAR -> next[hb + j] = z;
                }
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] w = p[p.length - 1];
        double[] gw = g[g.length - 1];
        for (int b = 0; b < s.batch(); b++) {
            int hb = b * h;
            for (int j = 0; j < h; j++) {
                double y = s.next(0)[hb + j];
                double dy = s.gradNext(0)[hb + j];
                switch (activation) {
                    case MODRELU -> {
                        // y = sign(z)·(|z| + b) where that is positive, else 0: ∂y/∂z = 1, ∂y/∂b = sign(z) = sign(y).
                        da[j] = y != 0 ? dy : 0;
                        g[modrelu][j] += dy * Math.signum(y);
                    }
                    case TANH -> da[j] = dy * (1 - y * y);
                    case LINEAR -> da[j] = dy;
                }
                if (bias) {
                    g[2][j] += da[j];
                }
            }
            DenseF64.outerAdd(g[0], h, x, da, 0, s.x(), b * x);
            DenseF64.multTransAdd(p[0], h, x, da, 0, s.gradX(), b * x);
            DenseF64.outerAdd(gw, h, h, da, 0, s.previous(0), hb);
            DenseF64.multTransAdd(w, h, h, da, 0, s.gradPrevious(0), hb);
        }
    }
}
