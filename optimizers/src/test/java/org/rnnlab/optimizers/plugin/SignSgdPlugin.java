package org.rnnlab.optimizers.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.ClippingFactory;
import org.rnnlab.optimizers.Optimizer;
import org.rnnlab.optimizers.OptimizerFactory;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.TrainingPlugin;

/**
 * A third-party plugin that lives only in test code: the signSGD optimizer (Bernstein et al. 2018), θ ← θ − η·sign(g),
 * and a clipping policy {@code max_abs} that scales all gradients so the largest magnitude is at most a bound. Found
 * through META-INF/services/org.rnnlab.optimizers.TrainingPlugin.
 */
public final class SignSgdPlugin extends AbstractModule implements TrainingPlugin {
    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, OptimizerFactory.class).addBinding("signsgd").toInstance(s -> {
            double lr = s.check("lr", s.number("lr", 0.01), 0, 10, false);
            s.finish();
            return new Optimizer() {
                @Override
                public String name() {
                    return "signsgd";
                }

                @Override
                public double learningRate() {
                    return lr;
                }

                @Override
                public OptimizerState initialise(Map<String, Tensor> parameters) {
                    return new OptimizerState() {
                        private long steps;

                        @Override
                        public void step(Map<String, Tensor> gradients, double rate) {
                            steps++;
                            parameters.forEach((name, p) -> {
                                Tensor g = gradients.get(name);
                                for (int i = 0; i < p.size(); i++) {
                                    p.set(i, p.get(i) - rate * Math.signum(g.get(i)));
                                }
                            });
                        }

                        @Override
                        public long steps() {
                            return steps;
                        }

                        @Override
                        public void reset() {
                            steps = 0;
                        }
                    };
                }
            };
        });
        MapBinder.newMapBinder(binder(), String.class, ClippingFactory.class).addBinding("max_abs").toInstance((s, c) -> {
            double bound = s.number("bound", 1);
            s.finish();
            return (grads, params) -> {
                double max = 0;
                for (Tensor g : grads.values()) {
                    for (int i = 0; i < g.size(); i++) {
                        max = Math.max(max, Math.abs(g.get(i)));
                    }
                }
                if (max <= bound) {
                    return false;
                }
                for (Tensor g : grads.values()) {
                    for (int i = 0; i < g.size(); i++) {
                        g.set(i, g.get(i) * bound / max);
                    }
                }
                return true;
            };
        });
    }
}
