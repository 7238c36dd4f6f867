package org.rnnlab.optimizers.algorithms;

import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.Optimizer;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.Settings;

/**
 * RMSProp (Tieleman and Hinton 2012), with the centered variant (Graves 2013) and momentum, as
 * {@code torch.optim.RMSprop} ({@code _single_tensor_rmsprop}): g ← g + λθ; s ← αs + (1 − α)g²;
 * centered: ḡ ← lerp(ḡ, g, 1 − α), a = √(s − ḡ²) + ε, else a = √s + ε; momentum: b ← μb + g/a, θ ← θ − ηb;
 * else θ ← θ − ηg/a.
 */
public final class RmsProp implements Optimizer {
    /** Registered name. */
    public static final String NAME = "rmsprop";

    /**
     * @param lr          η ≥ 0
     * @param alpha       α ≥ 0, the smoothing constant
     * @param eps         ε ≥ 0
     * @param weightDecay λ ≥ 0
     * @param momentum    μ ≥ 0
     * @param centered    normalise by the estimated variance instead of the second moment
     */
    public record Config(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        /** Validates as torch does. */
        public Config {
            Settings s = Settings.empty("optimizer 'rmsprop'");
            s.check("lr", lr, 0, Double.POSITIVE_INFINITY, true);
            s.check("alpha", alpha, 0, Double.POSITIVE_INFINITY, true);
            s.check("eps", eps, 0, Double.POSITIVE_INFINITY, true);
            s.check("weight_decay", weightDecay, 0, Double.POSITIVE_INFINITY, true);
            s.check("momentum", momentum, 0, Double.POSITIVE_INFINITY, true);
        }

        /** torch's defaults: lr 0.01, alpha 0.99, eps 1e-8. */
        public static Config defaults() {
            return new Config(1e-2, 0.99, 1e-8, 0, 0, false);
        }

        /** Reads {@code lr, alpha, eps, weight_decay, momentum, centered}. */
        public static Config from(Settings s) {
            Config d = defaults();
            Config c = new Config(s.number("lr", d.lr()), s.number("alpha", d.alpha()), s.number("eps", d.eps()),
                    s.number("weight_decay", d.weightDecay()), s.number("momentum", d.momentum()), s.flag("centered", d.centered()));
            s.finish();
            return c;
        }
    }

    private final Config config;

    /** An optimizer with these hyperparameters. */
    public RmsProp(Config config) {
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
        return new BufferedState(NAME, parameters, 3, 0) {
            @Override
            void update(Tensor p, Tensor g, double[][] buf, double lr, long step) {
                double[] sq = buf[0];
                double[] gAvg = buf[1];
                double[] mom = buf[2];
                for (int i = 0; i < p.size(); i++) {
                    double theta = p.get(i);
                    double gi = g.get(i) + c.weightDecay() * theta;
                    sq[i] = sq[i] * c.alpha() + (1 - c.alpha()) * gi * gi;
                    double avg;
                    if (c.centered()) {
                        gAvg[i] = lerp(gAvg[i], gi, 1 - c.alpha());
                        avg = Math.sqrt(sq[i] - gAvg[i] * gAvg[i]) + c.eps();
                    } else {
                        avg = Math.sqrt(sq[i]) + c.eps();
                    }
                    if (c.momentum() > 0) {
                        mom[i] = mom[i] * c.momentum() + gi / avg;
                        p.set(i, theta - lr * mom[i]);
                    } else {
                        p.set(i, theta - lr * gi / avg);
                    }
                }
            }
        };
    }
}
