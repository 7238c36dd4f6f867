package org.rnnlab.api.layers;

import java.util.Arrays;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Tensor;

/** Mean squared error over the real rows and all O outputs, as {@code torch.nn.MSELoss(reduction='mean')}. Targets: the predictions' shape. */
public final class MeanSquaredError implements Loss {
    @Override
    public Result evaluate(Tensor predictions, Tensor targets, Mask mask) {
        boolean[] real = Loss.rows(predictions, mask);
        if (!Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException("targets must have the predictions' shape " + Arrays.toString(predictions.shape())
                    + ", got " + Arrays.toString(targets.shape()));
        }
        int o = predictions.dim(predictions.rank() - 1);
        int count = 0;
        for (boolean b : real) {
            count += b ? 1 : 0;
        }
        if (count == 0) {
            throw new IllegalArgumentException("the mask leaves no real row to score");
        }
        double n = (double) count * o;
        double sum = 0;
        Tensor g = Tensor.zeros(predictions.precision(), predictions.shape());
        for (int r = 0; r < real.length; r++) {
            if (!real[r]) {
                continue;
            }
            for (int j = 0; j < o; j++) {
                int i = r * o + j;
                double d = predictions.get(i) - targets.get(i);
                if (!Double.isFinite(targets.get(i))) {
                    throw new IllegalArgumentException("targets contain " + targets.get(i) + " at " + targets.indexString(i));
                }
                sum += d * d;
                g.set(i, 2 * d / n);
            }
        }
        return new Result(Loss.inPrecision(sum / n, predictions), g, count);
    }
}
