package org.rnnlab.optimizers.algorithms;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.OptimizerState;

/**
 * The state of an element-wise optimizer: {@code slots} buffers per parameter (moments, momentum), each the size of
 * the parameter, allocated once at initialisation, and the step count. Updates are computed in double and written
 * back in the parameter's precision.
 */
abstract class BufferedState implements OptimizerState {
    private final String optimizer;
    private final Map<String, Tensor> parameters;
    private final Map<String, double[][]> buffers = new LinkedHashMap<>();
    private final double initialValue;
    private long steps;

    BufferedState(String optimizer, Map<String, Tensor> parameters, int slots, double initialValue) {
        this.optimizer = optimizer;
        this.parameters = new LinkedHashMap<>(parameters);
        this.initialValue = initialValue;
        parameters.forEach((name, p) -> {
            double[][] b = new double[slots][p.size()];
            for (double[] slot : b) {
                Arrays.fill(slot, initialValue);
            }
            buffers.put(name, b);
        });
    }

    @Override
    public final void step(Map<String, Tensor> gradients, double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(optimizer + ": learning rate must be finite and >= 0, got " + learningRate);
        }
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            Tensor g = gradients.get(e.getKey());
            if (g == null || g.size() != e.getValue().size()) {
                throw new IllegalArgumentException(optimizer + ": no gradient of the right size for parameter '" + e.getKey()
                        + "' (got " + g + "); gradients must cover every parameter");
            }
        }
        steps++;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            update(e.getValue(), gradients.get(e.getKey()), buffers.get(e.getKey()), learningRate, steps);
        }
    }

    /**
     * Updates one parameter tensor in place.
     *
     * @param p    the parameter (Modified)
     * @param g    its gradient (Not modified)
     * @param buf  this parameter's buffers (Modified)
     * @param lr   this step's learning rate
     * @param step the step number, from 1
     */
    abstract void update(Tensor p, Tensor g, double[][] buf, double lr, long step);

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final void reset() {
        steps = 0;
        for (double[][] b : buffers.values()) {
            for (double[] slot : b) {
                Arrays.fill(slot, initialValue);
            }
        }
    }

    /** torch's {@code lerp_}: {@code a + w·(b − a)} for w &lt; 0.5, else {@code b − (b − a)·(1 − w)}. */
    static double lerp(double a, double b, double w) {
        return w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }
}
