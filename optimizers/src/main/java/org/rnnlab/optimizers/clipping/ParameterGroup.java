package org.rnnlab.optimizers.clipping;

/**
 * The group of a parameter by its PyTorch name, for per-group clipping (as DL4J's per-parameter-type modes):
 * {@code weight_ih*} input weights, {@code weight_hh*} and an LSTM's projection {@code weight_hr*} (which makes the h
 * that W_hh reads) recurrent weights, names starting {@code bias} or containing {@code .bias} biases, anything else
 * (head weights, plugin tensors) other.
 */
public enum ParameterGroup {
    /** {@code weight_ih_l0}, … */
    INPUT_WEIGHTS,
    /** {@code weight_hh_l0}, {@code weight_hr_l0}, … */
    RECURRENT_WEIGHTS,
    /** {@code bias_ih_l0}, {@code head.bias}, … */
    BIASES,
    /** everything else */
    OTHER;

    /** The group of a parameter name. */
    public static ParameterGroup of(String name) {
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        if (leaf.startsWith("weight_ih")) {
            return INPUT_WEIGHTS;
        }
        if (leaf.startsWith("weight_hh") || leaf.startsWith("weight_hr")) {
            return RECURRENT_WEIGHTS;
        }
        if (leaf.startsWith("bias")) {
            return BIASES;
        }
        return OTHER;
    }
}
