package org.rnnlab.experiments.tasks;

import org.rnnlab.api.Tensor;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.Phase;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.optimizers.training.Batch;
import org.rnnlab.optimizers.training.Dataset;

/** The metrics of {@link Metric} over a whole split, in inference phase, batch by batch. */
final class Evaluation {
    private Evaluation() {
    }

    /**
     * Root mean squared error over the standard deviation of the targets, from sums over n values: of the squared
     * errors, of the targets and of their squares.
     */
    static double nrmse(double squaredErrors, double targetSum, double targetSquares, long n) {
        double mean = targetSum / n;
        return Math.sqrt(squaredErrors / n) / Math.sqrt(Math.max(targetSquares / n - mean * mean, Double.MIN_NORMAL));
    }

    static double of(Metric metric, Task task, SequenceModel model, Dataset data, int batchSize) {
        model.network().phase(Phase.INFERENCE);
        try {
            double sum = 0;
            double sumSq = 0;
            double targetSum = 0;
            double targetSq = 0;
            long rows = 0;
            long right = 0;
            for (int start = 0; start < data.size(); start += batchSize) {
                int n = Math.min(batchSize, data.size() - start);
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = start + i;
                }
                Batch b = data.batch(idx);
                Tensor out = model.forward(b.input(), b.teacher(), b.mask()).output();
                switch (metric) {
                    case ACCURACY -> {
                        int classes = out.dim(out.rank() - 1);
                        int r = out.size() / classes;
                        for (int row = 0; row < r; row++) {
                            int best = 0;
                            for (int c = 1; c < classes; c++) {
                                if (out.get(row * classes + c) > out.get(row * classes + best)) {
                                    best = c;
                                }
                            }
                            if (b.lossMask() == null || b.lossMask().valid(row / n, row % n)) {
                                right += best == (int) b.target().get(row) ? 1 : 0;
                                rows++;
                            }
                        }
                    }
                    case MSE, BITS_PER_CHARACTER -> {
                        Loss.Result res = task.loss().evaluate(out, b.target(), b.lossMask());
                        sum += res.value() * res.rows();
                        rows += res.rows();
                    }
                    case NRMSE -> {
                        for (int i = 0; i < out.size(); i++) {
                            double d = out.get(i) - b.target().get(i);
                            double t = b.target().get(i);
                            sumSq += d * d;
                            targetSum += t;
                            targetSq += t * t;
                            rows++;
                        }
                    }
                }
            }
            if (rows == 0) {
                return Double.NaN;
            }
            return switch (metric) {
                case ACCURACY -> (double) right / rows;
                case MSE -> sum / rows;
                case BITS_PER_CHARACTER -> sum / rows / Math.log(2); // the loss is the mean cross-entropy in nats
                case NRMSE -> nrmse(sumSq, targetSum, targetSq, rows);
            };
        } finally {
            model.network().phase(Phase.TRAINING);
        }
    }
}
