package org.rnnlab.optimizers.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnnlab.optimizers.LearningRateSchedule;
import org.rnnlab.optimizers.ScheduleFactory;
import org.rnnlab.optimizers.Settings;
import org.rnnlab.optimizers.TrainingComponents;
import org.rnnlab.optimizers.schedules.Schedules;

/**
 * Registers the schedules: {@code constant}; {@code step} (step_size, gamma); {@code exponential} (gamma);
 * {@code cosine} (t_max, eta_min); {@code linear} (start_factor, end_factor, total_iters); {@code sequential}
 * (schedules: list of {name, …}, milestones); {@code chained} (schedules). Defaults are torch's.
 */
public final class SchedulesModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, ScheduleFactory> m = MapBinder.newMapBinder(binder(), String.class, ScheduleFactory.class);
        m.addBinding("constant").toInstance((s, c) -> finish(s, Schedules.constant()));
        m.addBinding("step").toInstance((s, c) -> finish(s, Schedules.step(s.integer("step_size", 1), s.number("gamma", 0.1))));
        m.addBinding("exponential").toInstance((s, c) -> finish(s, Schedules.exponential(s.number("gamma", 0.1))));
        m.addBinding("cosine").toInstance((s, c) -> finish(s, Schedules.cosine(s.integer("t_max", 1), s.number("eta_min", 0))));
        m.addBinding("linear").toInstance((s, c) -> finish(s, Schedules.linear(s.number("start_factor", 1.0 / 3),
                s.number("end_factor", 1.0), s.integer("total_iters", 5))));
        m.addBinding("sequential").toInstance((s, c) -> {
            List<LearningRateSchedule> parts = nested(s, c);
            List<Integer> milestones = new ArrayList<>();
            for (double d : s.numbers("milestones", new double[parts.isEmpty() ? 0 : parts.size() - 1])) {
                milestones.add((int) d);
            }
            return finish(s, Schedules.sequential(parts, milestones));
        });
        m.addBinding("chained").toInstance((s, c) -> finish(s, Schedules.chained(nested(s, c))));
    }

    private static List<LearningRateSchedule> nested(Settings s, TrainingComponents c) {
        List<LearningRateSchedule> out = new ArrayList<>();
        for (Map<String, Object> entry : s.list("schedules")) {
            Object name = entry.remove("name");
            if (name == null) {
                throw new IllegalArgumentException(s.owner() + ": every entry of 'schedules' needs a 'name'");
            }
            out.add(c.schedule(name.toString(), entry));
        }
        return out;
    }

    private static LearningRateSchedule finish(Settings s, LearningRateSchedule schedule) {
        s.finish();
        return schedule;
    }
}
