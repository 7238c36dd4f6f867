package org.rnnlab.optimizers;

/**
 * The learning rate as a function of the step, as {@code torch.optim.lr_scheduler}: {@link #rate(long, double)} is the
 * rate used by optimizer step k (k = 0, 1, …), i.e. after k calls of PyTorch's {@code scheduler.step()}. Stateless,
 * so schedules compose and a resumed run gets the same rates.
 */
public interface LearningRateSchedule {
    /**
     * @param step k ≥ 0
     * @param base the optimizer's base rate
     */
    double rate(long step, double base);
}
