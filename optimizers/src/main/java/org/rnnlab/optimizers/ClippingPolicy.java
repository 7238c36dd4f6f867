package org.rnnlab.optimizers;

import java.util.Map;
import org.rnnlab.api.Tensor;

/**
 * Rescales or clips gradients before the optimizer step (Pascanu, Mikolov and Bengio 2013, and after). Policies
 * modify the gradient tensors in place and may read the parameters (adaptive clipping does).
 */
public interface ClippingPolicy {
    /**
     * @param gradients  name → gradient (Modified)
     * @param parameters name → parameter (Not modified)
     * @return whether any gradient was changed
     */
    boolean clip(Map<String, Tensor> gradients, Map<String, Tensor> parameters);
}
