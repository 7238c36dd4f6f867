package org.rnnlab.api;

/** How bias vectors are drawn. */
public enum BiasInit {
    /** PyTorch's default for recurrent layers: U(−1/√H, 1/√H). */
    PYTORCH_UNIFORM,
    /** All zeros. */
    ZEROS
}
