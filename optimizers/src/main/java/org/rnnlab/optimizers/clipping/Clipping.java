package org.rnnlab.optimizers.clipping;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.ClippingPolicy;

/**
 * The built-in clipping policies: none; by value ({@code clip_grad_value_}); by norm per tensor; by global norm
 * ({@code clip_grad_norm_}, Pascanu et al. 2013); by global norm per parameter group; adaptive gradient clipping
 * (Brock, De, Smith and Simonyan 2021); and a chain applied in order.
 */
public final class Clipping {
    /** torch's clip_grad_norm_ adds this to the norm before dividing. */
    static final double NORM_EPS = 1e-6;

    private Clipping() {
    }

    /** Leaves gradients alone. */
    public static ClippingPolicy none() {
        return (g, p) -> false;
    }

    /** Clamps every element to [−c, c]. */
    public static ClippingPolicy byValue(double c) {
        requirePositive("value", "clip_value", c);
        return (grads, params) -> {
            boolean fired = false;
            for (Tensor t : grads.values()) {
                for (int i = 0; i < t.size(); i++) {
                    double v = t.get(i);
                    if (v > c || v < -c) {
                        t.set(i, Math.max(-c, Math.min(c, v)));
                        fired = true;
                    }
                }
            }
            return fired;
        };
    }

    /** Scales each tensor whose norm exceeds {@code maxNorm} down to it (with torch's 1e-6 guard). */
    public static ClippingPolicy byNormPerTensor(double maxNorm) {
        requirePositive("norm", "max_norm", maxNorm);
        return (grads, params) -> {
            boolean fired = false;
            for (Tensor t : grads.values()) {
                fired |= scaleTo(List.of(t), maxNorm);
            }
            return fired;
        };
    }

    /** {@code torch.nn.utils.clip_grad_norm_(max_norm)}: every gradient times min(1, max/(‖g‖ + 1e-6)), ‖g‖ global. */
    public static ClippingPolicy globalNorm(double maxNorm) {
        requirePositive("global_norm", "max_norm", maxNorm);
        return (grads, params) -> scaleTo(grads.values(), maxNorm);
    }

    /** Global-norm clipping within each {@link ParameterGroup} that has a limit; groups without one are left alone. */
    public static ClippingPolicy perGroup(Map<ParameterGroup, Double> maxNorms) {
        Map<ParameterGroup, Double> limits = new EnumMap<>(maxNorms);
        limits.forEach((g, v) -> requirePositive("per_group", g.name().toLowerCase(java.util.Locale.ROOT), v));
        return (grads, params) -> {
            boolean fired = false;
            for (Map.Entry<ParameterGroup, Double> e : limits.entrySet()) {
                List<Tensor> members = grads.entrySet().stream().filter(x -> ParameterGroup.of(x.getKey()) == e.getKey())
                        .map(Map.Entry::getValue).toList();
                fired |= !members.isEmpty() && scaleTo(members, e.getValue());
            }
            return fired;
        };
    }

    /**
     * Adaptive gradient clipping: for each unit i (a row of a weight matrix; the whole of a vector), if
     * ‖G_i‖ &gt; λ·max(‖W_i‖, ε) then G_i ← G_i·λ·max(‖W_i‖, ε)/‖G_i‖ (the unit-wise norms of Brock et al.'s
     * {@code unitwise_norm}).
     */
    public static ClippingPolicy adaptive(double clipping, double eps) {
        requirePositive("adaptive", "clipping", clipping);
        requirePositive("adaptive", "eps", eps);
        return (grads, params) -> {
            boolean fired = false;
            for (Map.Entry<String, Tensor> e : grads.entrySet()) {
                Tensor g = e.getValue();
                Tensor w = params.get(e.getKey());
                if (w == null) {
                    throw new IllegalArgumentException("clipping 'adaptive' needs the parameter of gradient '" + e.getKey() + "'");
                }
                int units = g.rank() <= 1 ? 1 : g.dim(0);
                int width = g.size() / Math.max(units, 1);
                for (int u = 0; u < units; u++) {
                    double gn = 0;
                    double wn = 0;
                    for (int j = 0; j < width; j++) {
                        gn += g.get(u * width + j) * g.get(u * width + j);
                        wn += w.get(u * width + j) * w.get(u * width + j);
                    }
                    gn = Math.sqrt(gn);
                    double max = clipping * Math.max(Math.sqrt(wn), eps);
                    if (gn > max) {
                        double f = max / Math.max(gn, 1e-6);
                        for (int j = 0; j < width; j++) {
                            g.set(u * width + j, g.get(u * width + j) * f);
                        }
                        fired = true;
                    }
                }
            }
            return fired;
        };
    }

    /** Applies each policy in order; fired when any did. */
    public static ClippingPolicy chain(List<ClippingPolicy> policies) {
        List<ClippingPolicy> list = List.copyOf(policies);
        return (grads, params) -> {
            boolean fired = false;
            for (ClippingPolicy p : list) {
                fired |= p.clip(grads, params);
            }
            return fired;
        };
    }

    /** Scales the tensors jointly so their global norm is at most max (torch's formula); whether it fired. */
    static boolean scaleTo(java.util.Collection<Tensor> tensors, double max) {
        double total = Norms.global(tensors);
        double coef = max / (total + NORM_EPS);
        if (coef >= 1) {
            return false;
        }
        for (Tensor t : tensors) {
            Norms.scale(t, coef);
        }
        return true;
    }

    private static void requirePositive(String policy, String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("clipping '" + policy + "': " + key + " must be finite and > 0, got " + v);
        }
    }

}
