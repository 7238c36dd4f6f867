package org.rnnlab.api.layers;

import java.util.Arrays;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Tensor;

/**
 * Softmax cross-entropy averaged over the real rows, as {@code torch.nn.CrossEntropyLoss(reduction='mean')} on logits.
 * Targets: class indices 0 … O−1 stored as numbers, shaped like the predictions without the last axis ([N] or [T, N]).
 * Evaluated with the log-sum-exp shift, so large logits do not overflow.
 */
public final class SoftmaxCrossEntropy implements Loss {
    @Override
    public Result evaluate(Tensor predictions, Tensor targets, Mask mask) {
        boolean[] real = Loss.rows(predictions, mask);
        int o = predictions.dim(predictions.rank() - 1);
        int[] expected = Arrays.copyOf(predictions.shape(), predictions.rank() - 1);
        if (!targets.hasShape(expected)) {
            throw new IllegalArgumentException("targets must be class indices of shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(targets.shape()));
        }
        int count = 0;
        for (boolean b : real) {
            count += b ? 1 : 0;
        }
        if (count == 0) {
            throw new IllegalArgumentException("the mask leaves no real row to score");
        }
        double sum = 0;
        Tensor g = Tensor.zeros(predictions.precision(), predictions.shape());
        for (int r = 0; r < real.length; r++) {
            if (!real[r]) {
                continue;
            }
            double y = targets.get(r);
            int cls = (int) y;
            if (cls != y || cls < 0 || cls >= o) {
                throw new IllegalArgumentException("target " + y + " at " + targets.indexString(r) + " is not a class index in [0, " + o + ")");
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < o; j++) {
                max = Math.max(max, predictions.get(r * o + j));
            }
            double z = 0;
            for (int j = 0; j < o; j++) {
                z += Math.exp(predictions.get(r * o + j) - max);
            }
            double logZ = max + Math.log(z);
            sum += logZ - predictions.get(r * o + cls);
            for (int j = 0; j < o; j++) {
                double p = Math.exp(predictions.get(r * o + j) - logZ);
                g.set(r * o + j, (p - (j == cls ? 1 : 0)) / count);
            }
        }
        return new Result(Loss.inPrecision(sum / count, predictions), g, count);
    }
}
