package org.rnnlab.optimizers.algorithms;

import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.Optimizer;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.Settings;

/**
 * Adagrad (Duchi, Hazan and Singer 2011) as {@code torch.optim.Adagrad} ({@code _single_tensor_adagrad}):
 * g ← g + λθ; η_t = η/(1 + (t − 1)·decay); S ← S + g²; θ ← θ − η_t·g/(√S + ε), with S starting at the initial
 * accumulator value.
 */
public final class Adagrad implements Optimizer {
    /** Registered name. */
    public static final String NAME = "adagrad";

    /**
     * @param lr                      η ≥ 0
     * @param lrDecay                 ≥ 0
     * @param weightDecay             λ ≥ 0
     * @param initialAccumulatorValue S₀ ≥ 0
     * @param eps                     ε ≥ 0
     */
    public record Config(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
        /** Validates as torch does. */
        public Config {
            Settings s = Settings.empty("optimizer 'adagrad'");
            s.check("lr", lr, 0, Double.POSITIVE_INFINITY, true);
            s.check("lr_decay", lrDecay, 0, Double.POSITIVE_INFINITY, true);
            s.check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY, true);
            s.check("initial_accumulator_value", initialAccumulatorValue, 0, Double.POSITIVE_INFINITY, true);
            s.check("eps", eps, 0, Double.POSITIVE_INFINITY, true);
        }

        /** torch's defaults: lr 0.01, eps 1e-10. */
        public static Config defaults() {
            return new Config(1e-2, 0, 0, 0, 1e-10);
        }

        /** Reads {@code lr, lr_decay, weight_decay, initial_accumulator_value, eps}. */
        public static Config from(Settings s) {
            Config d = defaults();
            Config c = new Config(s.number("lr", d.lr()), s.number("lr_decay", d.lrDecay()), s.number("weight_decay", d.weightDecay()),
                    s.number("initial_accumulator_value", d.initialAccumulatorValue()), s.number("eps", d.eps()));
            s.finish();
            return c;
        }
    }

    private final Config config;

    /** An optimizer with these hyperparameters. */
    public Adagrad(Config config) {
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
        return new BufferedState(NAME, parameters, 1, c.initialAccumulatorValue()) {
            @Override
            void update(Tensor p, Tensor g, double[][] buf, double lr, long step) {
                double[] sum = buf[0];
                double clr = lr / (1 + (step - 1) * c.lrDecay());
                for (int i = 0; i < p.size(); i++) {
                    double theta = p.get(i);
                    double gi = g.get(i) + c.weightDecay() * theta;
                    sum[i] += gi * gi;
                    p.set(i, theta - clr * gi / (Math.sqrt(sum[i]) + c.eps()));
                }
            }
        };
    }
}
