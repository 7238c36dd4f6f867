package org.rnnlab.optimizers.algorithms;

import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.Optimizer;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.Settings;

/**
 * Stochastic gradient descent with momentum (Polyak 1964), Nesterov momentum (Sutskever et al. 2013) and L2 weight
 * decay, as {@code torch.optim.SGD} ({@code _single_tensor_sgd}): g ← g + λθ; b ← g (first step) or μb + (1 − τ)g;
 * g ← g + μb (Nesterov) or b; θ ← θ − ηg.
 */
public final class Sgd implements Optimizer {
    /** Registered name. */
    public static final String NAME = "sgd";

    /**
     * @param lr          η ≥ 0
     * @param momentum    μ ≥ 0
     * @param dampening   τ
     * @param weightDecay λ ≥ 0
     * @param nesterov    Nesterov momentum (needs μ &gt; 0 and τ = 0)
     */
    public record Config(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        /** Validates as torch does. */
        public Config {
            Settings s = Settings.empty("optimizer 'sgd'");
            s.check("lr", lr, 0, Double.POSITIVE_INFINITY, true);
            s.check("momentum", momentum, 0, Double.POSITIVE_INFINITY, true);
            s.check("dampening", dampening, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true);
            s.check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY, true);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("optimizer 'sgd': nesterov needs momentum > 0 and dampening = 0, got momentum "
                        + momentum + " and dampening " + dampening);
            }
        }

        /** Defaults: lr 0.001 (torch's default), no momentum, no decay. */
        public static Config defaults() {
            return new Config(1e-3, 0, 0, 0, false);
        }

        /** Reads {@code lr, momentum, dampening, weight_decay, nesterov}; absent keys take the defaults. */
        public static Config from(Settings s) {
            Config d = defaults();
            Config c = new Config(s.number("lr", d.lr()), s.number("momentum", d.momentum()), s.number("dampening", d.dampening()),
                    s.number("weight_decay", d.weightDecay()), s.flag("nesterov", d.nesterov()));
            s.finish();
            return c;
        }
    }

    private final Config config;

    /** An optimizer with these hyperparameters. */
    public Sgd(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double learningRate() {
        return config.lr();
    }

    @Override
    public OptimizerState initialise(Map<String, Tensor> parameters) {
        Config c = config;
        return new BufferedState(NAME, parameters, 1, 0) {
            @Override
            void update(Tensor p, Tensor g, double[][] buf, double lr, long step) {
                double[] b = buf[0];
                for (int i = 0; i < p.size(); i++) {
                    double theta = p.get(i);
                    double d = g.get(i) + c.weightDecay() * theta;
                    if (c.momentum() != 0) {
                        b[i] = step == 1 ? d : c.momentum() * b[i] + (1 - c.dampening()) * d;
                        d = c.nesterov() ? d + c.momentum() * b[i] : b[i];
                    }
                    p.set(i, theta - lr * d);
                }
            }
        };
    }
}
