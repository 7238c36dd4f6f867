package org.rnnlab.optimizers.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnnlab.api.NonFiniteValueException;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.Phase;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.optimizers.GradientProcessor;
import org.rnnlab.optimizers.LearningRateSchedule;
import org.rnnlab.optimizers.Optimizer;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.StepTelemetry;

/**
 * Minibatch training of a {@link SequenceModel} on whatever backend built its cells: a seeded data order (a fresh
 * permutation every epoch), evaluation every n steps, early stopping at a target validation loss, divergence detection
 * (non-finite loss or predictions), and listeners for telemetry. Each {@link #fit} call starts fresh optimizer state.
 */
public final class Trainer {
    private final TrainerConfig config;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final GradientProcessor gradients;
    private final Loss loss;
    private final List<TrainingListener> listeners = new ArrayList<>();
    /** Largest training set whose index permutation the trainer holds (4 bytes an example). */
    static final int MAX_SHUFFLED = 1 << 26;

    /**
     * @param config    batch size, budget, evaluation, target, seed
     * @param optimizer the algorithm (its state is created per run)
     * @param schedule  the learning rate per step
     * @param gradients non-finite policy and clipping
     * @param loss      what to minimise
     */
    public Trainer(TrainerConfig config, Optimizer optimizer, LearningRateSchedule schedule, GradientProcessor gradients, Loss loss) {
        this.config = config;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.gradients = gradients;
        this.loss = loss;
    }

    /** Adds a telemetry listener. */
    public Trainer listen(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Trains {@code model} on {@code train}, evaluating on {@code validation}. */
    public TrainingResult fit(SequenceModel model, Dataset train, Dataset validation) {
        if (train.size() < 1 || validation.size() < 1) {
            throw new IllegalArgumentException("training and validation sets must not be empty (got " + train.size() + " and "
                    + validation.size() + " examples)");
        }
        if (train.size() > MAX_SHUFFLED) {
            throw new IllegalArgumentException("the training set has " + train.size() + " examples; the trainer shuffles indices in memory "
                    + "and takes at most " + MAX_SHUFFLED + " (size a generated dataset to max_steps × batch_size)");
        }
        OptimizerState state = optimizer.initialise(model.parameters());
        SplittableRandom order = new SplittableRandom(config.seed());
        int[] perm = permutation(train.size(), order);
        int cursor = 0;
        double lastLoss = Double.NaN;
        double validationLoss = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        for (long step = 1; step <= config.maxSteps(); step++) {
            int n = Math.min(config.batchSize(), train.size());
            if (cursor + n > perm.length) {
                perm = permutation(train.size(), order);
                cursor = 0;
            }
            int[] idx = java.util.Arrays.copyOfRange(perm, cursor, cursor + n);
            cursor += n;
            Batch b = train.batch(idx);
            model.network().phase(Phase.TRAINING);
            SequenceModel.Prediction p = model.forward(b.input(), b.teacher(), b.mask());
            if (p.output().firstNonFinite() >= 0) {
                return result(TrainingResult.Status.DIVERGED, step, Double.NaN, validationLoss, best);
            }
            Loss.Result r = loss.evaluate(p.output(), b.target(), b.lossMask());
            lastLoss = r.value();
            if (!Double.isFinite(lastLoss)) {
                return result(TrainingResult.Status.DIVERGED, step, lastLoss, validationLoss, best);
            }
            double lr = schedule.rate(step - 1, optimizer.learningRate());
            StepTelemetry t;
            try {
                java.util.Map<String, Tensor> grads = new java.util.LinkedHashMap<>(model.backward(p, r.gradient()).parameters());
                t = gradients.process(step, lr, grads, model.parameters());
                if (!t.skipped()) {
                    state.step(grads, lr);
                    model.constrainParameters();
                }
            } catch (NonFiniteValueException e) {
                t = gradients.backwardFailed(step, lr, e); // a gradient overflowed inside the model
            }
            for (TrainingListener l : listeners) {
                l.onStep(t, lastLoss);
            }
            if (step % config.evaluateEvery() == 0 || step == config.maxSteps()) {
                validationLoss = evaluate(model, validation);
                best = Math.min(best, validationLoss);
                for (TrainingListener l : listeners) {
                    l.onEvaluation(step, validationLoss);
                }
                if (!Double.isFinite(validationLoss)) {
                    return result(TrainingResult.Status.DIVERGED, step, lastLoss, validationLoss, best);
                }
                if (config.targetLoss().isPresent() && validationLoss <= config.targetLoss().getAsDouble()) {
                    return result(TrainingResult.Status.TARGET_REACHED, step, lastLoss, validationLoss, best);
                }
            }
        }
        return result(TrainingResult.Status.BUDGET_EXHAUSTED, config.maxSteps(), lastLoss, validationLoss, best);
    }

    /** Mean loss over the whole dataset in inference phase, weighted by scored rows; NaN when predictions are not finite. */
    public double evaluate(SequenceModel model, Dataset data) {
        model.network().phase(Phase.INFERENCE);
        double sum = 0;
        long rows = 0;
        for (int start = 0; start < data.size(); start += config.batchSize()) {
            int n = Math.min(config.batchSize(), data.size() - start);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = start + i;
            }
            Batch b = data.batch(idx);
            SequenceModel.Prediction p = model.forward(b.input(), b.teacher(), b.mask());
            if (p.output().firstNonFinite() >= 0) {
                return Double.NaN;
            }
            Loss.Result r = loss.evaluate(p.output(), b.target(), b.lossMask());
            sum += r.value() * r.rows();
            rows += r.rows();
        }
        model.network().phase(Phase.TRAINING);
        return sum / rows;
    }

    private TrainingResult result(TrainingResult.Status status, long steps, double last, double validation, double best) {
        return new TrainingResult(status, steps, last, validation, best == Double.POSITIVE_INFINITY ? Double.NaN : best,
                gradients.nonFiniteSteps(), gradients.clippedSteps());
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
