package org.rnnlab.experiments.plugin;

import java.util.Set;
import java.util.SplittableRandom;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.SoftmaxCrossEntropy;
import org.rnnlab.api.seq.SequenceMode;
import org.rnnlab.experiments.tasks.SyntheticTask;
import org.rnnlab.experiments.tasks.Task;
import org.rnnlab.experiments.tasks.spi.TaskProvider;
import org.rnnlab.optimizers.Settings;

/**
 * A user's task, written against the public SPI only and listed in this module's test
 * {@code META-INF/services}: the class of a sequence is the sign of its first value (noise of scale {@code noise}
 * after it), a memory task a user might bring.
 */
public final class FirstSignTaskProvider implements TaskProvider {
    @Override
    public Set<String> names() {
        return Set.of("first_sign");
    }

    @Override
    public Task create(String name, Settings settings) {
        double noise = settings.number("noise", 0.5);
        settings.finish();
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("task 'first_sign': 'noise' must be >= 0, got " + noise);
        }
        return new FirstSign(noise);
    }

    private record FirstSign(double noise) implements SyntheticTask {
        @Override
        public String name() {
            return "first_sign";
        }

        @Override
        public SequenceMode mode(int length) {
            return new SequenceMode.ManyToOne();
        }

        @Override
        public int inputSize() {
            return 1;
        }

        @Override
        public int outputSize() {
            return 2;
        }

        @Override
        public Loss loss() {
            return new SoftmaxCrossEntropy();
        }

        @Override
        public double baselineLoss(int length) {
            return Math.log(2);
        }

        @Override
        public boolean classification() {
            return true;
        }

        @Override
        public int inputSteps(int length) {
            return length;
        }

        @Override
        public int targetSize(int length) {
            return 1;
        }

        @Override
        public void example(int length, SplittableRandom rnd, double[] input, double[] target) {
            boolean positive = rnd.nextBoolean();
            input[0] = positive ? 1 : -1;
            for (int t = 1; t < length; t++) {
                input[t] = noise * (rnd.nextDouble() * 2 - 1);
            }
            target[0] = positive ? 1 : 0;
        }
    }
}
