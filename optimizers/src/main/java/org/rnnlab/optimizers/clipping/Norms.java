package org.rnnlab.optimizers.clipping;

import java.util.Collection;
import java.util.Map;
import org.rnnlab.api.Tensor;

/** Euclidean norms of gradient tensors. */
public final class Norms {
    private Norms() {
    }

    /** ‖t‖₂. */
    public static double of(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += t.get(i) * t.get(i);
        }
        return Math.sqrt(s);
    }

    /** √(Σ ‖t‖₂²) over the tensors: the global norm of {@code torch.nn.utils.clip_grad_norm_}. */
    public static double global(Collection<Tensor> tensors) {
        double s = 0;
        for (Tensor t : tensors) {
            double n = of(t);
            s += n * n;
        }
        return Math.sqrt(s);
    }

    /** Multiplies every element by {@code factor} (Modified: t). */
    public static void scale(Tensor t, double factor) {
        for (int i = 0; i < t.size(); i++) {
            t.set(i, t.get(i) * factor);
        }
    }

    /** The per-tensor norms of a map, in its order. */
    public static Map<String, Double> each(Map<String, Tensor> tensors) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k, of(v)));
        return out;
    }
}
