package org.rnnlab.optimizers.algorithms;

import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.Optimizer;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.Settings;

/**
 * Adam (Kingma and Ba 2015) with the AMSGrad option (Reddi et al. 2018), and AdamW's decoupled weight decay
 * (Loshchilov and Hutter 2019), as {@code torch.optim.Adam/AdamW} ({@code _single_tensor_adam}):
 * m ← lerp(m, g, 1 − β1); v ← β2v + (1 − β2)g²; θ ← θ − (η/(1 − β1ᵗ))·m / (√v̂/√(1 − β2ᵗ) + ε), where v̂ is v or,
 * with AMSGrad, its running maximum. Adam adds λθ to g; AdamW multiplies θ by (1 − ηλ) first instead.
 */
public final class Adam implements Optimizer {
    /** Registered name of Adam. */
    public static final String NAME = "adam";
    /** Registered name of AdamW. */
    public static final String NAME_W = "adamw";

    /**
     * @param lr          η ≥ 0
     * @param beta1       β1 in [0, 1)
     * @param beta2       β2 in [0, 1)
     * @param eps         ε ≥ 0
     * @param weightDecay λ ≥ 0
     * @param amsgrad     use the running maximum of v
     * @param decoupled   AdamW's decoupled weight decay
     */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean decoupled) {
        /** Validates as torch does. */
        public Config {
            Settings s = Settings.empty("optimizer '" + (decoupled ? NAME_W : NAME) + "'");
            s.check("lr", lr, 0, Double.POSITIVE_INFINITY, true);
            s.check("betas[0]", beta1, 0, 1, true);
            s.check("betas[1]", beta2, 0, 1, true);
            s.check("eps", eps, 0, Double.POSITIVE_INFINITY, true);
            s.check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY, true);
        }

        /** torch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, weight decay 0 (Adam) or 0.01 (AdamW). */
        public static Config defaults(boolean decoupled) {
            return new Config(1e-3, 0.9, 0.999, 1e-8, decoupled ? 1e-2 : 0, false, decoupled);
        }

        /** Reads {@code lr, betas, eps, weight_decay, amsgrad}; absent keys take the defaults. */
        public static Config from(Settings s, boolean decoupled) {
            Config d = defaults(decoupled);
            double[] betas = s.numbers("betas", new double[] {d.beta1(), d.beta2()});
            Config c = new Config(s.number("lr", d.lr()), betas[0], betas[1], s.number("eps", d.eps()),
                    s.number("weight_decay", d.weightDecay()), s.flag("amsgrad", d.amsgrad()), decoupled);
            s.finish();
            return c;
        }
    }

    private final Config config;

    /** An optimizer with these hyperparameters. */
    public Adam(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.decoupled() ? NAME_W : NAME;
    }

    @Override
    public double learningRate() {
        return config.lr();
    }

    @Override
    public OptimizerState initialise(Map<String, Tensor> parameters) {
        Config c = config;
        return new BufferedState(name(), parameters, 3, 0) {
            @Override
            void update(Tensor p, Tensor g, double[][] buf, double lr, long step) {
                double[] m = buf[0];
                double[] v = buf[1];
                double[] vmax = buf[2];
                double bc1 = 1 - Math.pow(c.beta1(), step);
                double bc2Sqrt = Math.sqrt(1 - Math.pow(c.beta2(), step));
                double stepSize = lr / bc1;
                for (int i = 0; i < p.size(); i++) {
                    double theta = p.get(i);
                    double gi = g.get(i);
                    if (c.decoupled()) {
                        theta = theta * (1 - lr * c.weightDecay());
                    } else {
                        gi = gi + c.weightDecay() * theta;
                    }
                    m[i] = lerp(m[i], gi, 1 - c.beta1());
                    v[i] = v[i] * c.beta2() + (1 - c.beta2()) * gi * gi;
                    double second = v[i];
                    if (c.amsgrad()) {
                        vmax[i] = Math.max(vmax[i], v[i]);
                        second = vmax[i];
                    }
                    double denom = Math.sqrt(second) / bc2Sqrt + c.eps();
                    p.set(i, theta - stepSize * m[i] / denom);
                }
            }
        };
    }
}
