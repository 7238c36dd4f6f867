package org.rnnlab.optimizers.schedules;

import java.util.List;
import org.rnnlab.optimizers.LearningRateSchedule;

/**
 * The learning-rate schedules of {@code torch.optim.lr_scheduler}, in closed form: constant, StepLR, ExponentialLR,
 * CosineAnnealingLR (Loshchilov and Hutter 2017, without restarts), LinearLR (linear warm-up, Goyal et al. 2017), and
 * the composites SequentialLR (switch at milestones) and ChainedScheduler (product of factors).
 */
public final class Schedules {
    private Schedules() {
    }

    /** The base rate at every step. */
    public static LearningRateSchedule constant() {
        return (k, base) -> base;
    }

    /** StepLR: base·γ^⌊k / stepSize⌋. */
    public static LearningRateSchedule step(int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("schedule 'step': step_size must be >= 1, got " + stepSize);
        }
        checkPositive("step", "gamma", gamma);
        return (k, base) -> base * Math.pow(gamma, Math.floorDiv(k, stepSize));
    }

    /** ExponentialLR: base·γ^k. */
    public static LearningRateSchedule exponential(double gamma) {
        checkPositive("exponential", "gamma", gamma);
        return (k, base) -> base * Math.pow(gamma, k);
    }

    /** CosineAnnealingLR: η_min + (base − η_min)(1 + cos(πk/T_max))/2 (periodic past T_max, as torch's closed form). */
    public static LearningRateSchedule cosine(int tMax, double etaMin) {
        if (tMax < 1) {
            throw new IllegalArgumentException("schedule 'cosine': t_max must be >= 1, got " + tMax);
        }
        if (!(etaMin >= 0)) {
            throw new IllegalArgumentException("schedule 'cosine': eta_min must be >= 0, got " + etaMin);
        }
        return (k, base) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * k / tMax)) / 2;
    }

    /** LinearLR: base·(s + (e − s)·min(k, n)/n): a linear warm-up from factor s to e over n steps. */
    public static LearningRateSchedule linear(double startFactor, double endFactor, int totalIters) {
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("schedule 'linear': start_factor must be in (0, 1], got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("schedule 'linear': end_factor must be in [0, 1], got " + endFactor);
        }
        if (totalIters < 1) {
            throw new IllegalArgumentException("schedule 'linear': total_iters must be >= 1, got " + totalIters);
        }
        return (k, base) -> base * (startFactor + (endFactor - startFactor) * Math.min(k, totalIters) / totalIters);
    }

    /** SequentialLR: schedule i runs from milestone i−1 (or 0) on, seeing steps counted from its milestone. */
    public static LearningRateSchedule sequential(List<LearningRateSchedule> schedules, List<Integer> milestones) {
        if (schedules.isEmpty() || milestones.size() != schedules.size() - 1) {
            throw new IllegalArgumentException("schedule 'sequential': needs n schedules and n − 1 milestones, got " + schedules.size()
                    + " and " + milestones.size());
        }
        for (int i = 0; i < milestones.size(); i++) {
            if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
                throw new IllegalArgumentException("schedule 'sequential': milestones must be increasing and >= 1, got " + milestones);
            }
        }
        List<LearningRateSchedule> s = List.copyOf(schedules);
        List<Integer> m = List.copyOf(milestones);
        return (k, base) -> {
            int i = 0;
            while (i < m.size() && k >= m.get(i)) {
                i++;
            }
            return s.get(i).rate(i == 0 ? k : k - m.get(i - 1), base);
        };
    }

    /** ChainedScheduler: the product of every schedule's factor rate/base. */
    public static LearningRateSchedule chained(List<LearningRateSchedule> schedules) {
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("schedule 'chained': needs at least one schedule");
        }
        List<LearningRateSchedule> s = List.copyOf(schedules);
        return (k, base) -> {
            double r = base;
            for (LearningRateSchedule x : s) {
                r *= base == 0 ? 0 : x.rate(k, base) / base;
            }
            return r;
        };
    }

    private static void checkPositive(String name, String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("schedule '" + name + "': " + key + " must be finite and > 0, got " + v);
        }
    }
}
