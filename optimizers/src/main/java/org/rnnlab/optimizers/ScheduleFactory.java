package org.rnnlab.optimizers;

/** Builds a schedule from its settings; registered by name in a Guice {@code MapBinder<String, ScheduleFactory>}. */
public interface ScheduleFactory {
    /**
     * @param settings   the schedule's settings
     * @param components to build nested schedules by name (for composites)
     */
    LearningRateSchedule create(Settings settings, TrainingComponents components);
}
