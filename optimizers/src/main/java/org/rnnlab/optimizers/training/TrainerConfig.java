package org.rnnlab.optimizers.training;

import java.util.OptionalDouble;

/**
 * How the trainer runs. Defaults in {@link #defaults()}.
 *
 * @param batchSize     examples per step, ≥ 1
 * @param maxSteps      step budget, ≥ 1
 * @param evaluateEvery evaluate on the validation set every this many steps (and at the end), ≥ 1
 * @param targetLoss    stop as soon as the validation loss is at or below this (early stopping), if present
 * @param seed          seed of the data order
 */
public record TrainerConfig(int batchSize, int maxSteps, int evaluateEvery, OptionalDouble targetLoss, long seed) {
    /** Validates every field. */
    public TrainerConfig {
        if (batchSize < 1 || maxSteps < 1 || evaluateEvery < 1) {
            throw new IllegalArgumentException("batch_size, max_steps and evaluate_every must be >= 1, got " + batchSize + ", " + maxSteps
                    + ", " + evaluateEvery);
        }
        if (targetLoss == null || (targetLoss.isPresent() && !(targetLoss.getAsDouble() >= 0))) {
            throw new IllegalArgumentException("target loss must be absent or >= 0, got " + targetLoss);
        }
    }

    /** batch 32, 1000 steps, evaluate every 50, no target, seed 0. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(32, 1000, 50, OptionalDouble.empty(), 0);
    }

    /** Returns a copy with another batch size. */
    public TrainerConfig withBatchSize(int n) {
        return new TrainerConfig(n, maxSteps, evaluateEvery, targetLoss, seed);
    }

    /** Returns a copy with another step budget. */
    public TrainerConfig withMaxSteps(int n) {
        return new TrainerConfig(batchSize, n, evaluateEvery, targetLoss, seed);
    }

    /** Returns a copy evaluating every {@code n} steps. */
    public TrainerConfig withEvaluateEvery(int n) {
        return new TrainerConfig(batchSize, maxSteps, n, targetLoss, seed);
    }

    /** Returns a copy that stops when the validation loss reaches {@code target}. */
    public TrainerConfig withTargetLoss(double target) {
        return new TrainerConfig(batchSize, maxSteps, evaluateEvery, OptionalDouble.of(target), seed);
    }

    /** Returns a copy with another data-order seed. */
    public TrainerConfig withSeed(long s) {
        return new TrainerConfig(batchSize, maxSteps, evaluateEvery, targetLoss, s);
    }
}
