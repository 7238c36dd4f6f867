package org.rnnlab.experiments.tasks;

import java.util.SplittableRandom;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.training.Batch;
import org.rnnlab.optimizers.training.Dataset;

/**
 * A task's examples as a dataset: example i is generated from its own seeded stream, so the dataset needs no memory,
 * any subset is reproducible, and a large size gives fresh data at every step.
 */
public final class GeneratedDataset implements Dataset {
    private final SyntheticTask task;
    private final int length;
    private final int size;
    private final long seed;
    private final Precision precision;

    /**
     * @param task      the task
     * @param length    T
     * @param size      number of examples
     * @param seed      seed of the examples
     * @param precision of the input tensors
     */
    public GeneratedDataset(SyntheticTask task, int length, int size, long seed, Precision precision) {
        if (size < 1) {
            throw new IllegalArgumentException("a dataset needs at least one example, got " + size);
        }
        this.task = task;
        this.length = length;
        this.size = size;
        this.seed = seed;
        this.precision = precision;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Batch batch(int[] indices) {
        int steps = task.inputSteps(length);
        int x = task.inputSize();
        int n = indices.length;
        int per = task.targetSize(length);
        double[] in = new double[steps * x];
        double[] tg = new double[per];
        Tensor input = Tensor.zeros(precision, steps, n, x);
        boolean perStep = task.mode(length) instanceof org.rnnlab.api.seq.SequenceMode.ManyToManySynced
                || task.mode(length) instanceof org.rnnlab.api.seq.SequenceMode.ManyToManyUnsynced;
        boolean oneInput = task.mode(length) instanceof org.rnnlab.api.seq.SequenceMode.OneToMany;
        int outSteps = perStep || oneInput ? per / (task.classification() ? 1 : task.outputSize()) : 1;
        int o = task.classification() ? 1 : task.outputSize();
        Tensor target = perStep || oneInput
                ? (task.classification() ? Tensor.zeros(precision, outSteps, n) : Tensor.zeros(precision, outSteps, n, o))
                : (task.classification() ? Tensor.zeros(precision, n) : Tensor.zeros(precision, n, o));
        if (oneInput) {
            input = Tensor.zeros(precision, n, x);
        }
        for (int b = 0; b < n; b++) {
            SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (indices[b] + 1L)));
            task.example(length, r, in, tg);
            if (oneInput) {
                for (int j = 0; j < x; j++) {
                    input.set(b * x + j, in[j]);
                }
            } else {
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < x; j++) {
                        input.set((t * n + b) * x + j, in[t * x + j]);
                    }
                }
            }
            if (perStep || oneInput) {
                for (int t = 0; t < outSteps; t++) {
                    for (int j = 0; j < o; j++) {
                        target.set((t * n + b) * o + j, tg[t * o + j]);
                    }
                }
            } else {
                for (int j = 0; j < o; j++) {
                    target.set(b * o + j, tg[j]);
                }
            }
        }
        return new Batch(input, target, null, null, null);
    }
}
