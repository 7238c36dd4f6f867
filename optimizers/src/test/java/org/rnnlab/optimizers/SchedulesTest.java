package org.rnnlab.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlab.optimizers.schedules.Schedules;

class SchedulesTest {
    @Test
    void closedFormsOfTorchsSchedulers() {
        assertThat(Schedules.step(5, 0.5).rate(4, 0.2)).isEqualTo(0.2);
        assertThat(Schedules.step(5, 0.5).rate(5, 0.2)).isEqualTo(0.1);
        assertThat(Schedules.exponential(0.9).rate(3, 1)).isEqualTo(0.729, within(1e-15));
        assertThat(Schedules.cosine(10, 0.0).rate(5, 1)).isEqualTo(0.5, within(1e-15));
        assertThat(Schedules.cosine(10, 0.1).rate(10, 1)).isEqualTo(0.1, within(1e-15));
        assertThat(Schedules.linear(0.25, 1, 4).rate(0, 1)).isEqualTo(0.25);
        assertThat(Schedules.linear(0.25, 1, 4).rate(2, 1)).isEqualTo(0.625);
        assertThat(Schedules.linear(0.25, 1, 4).rate(100, 1)).isEqualTo(1.0);
        LearningRateSchedule chained = Schedules.chained(List.of(Schedules.exponential(0.5), Schedules.step(2, 0.1)));
        assertThat(chained.rate(2, 1)).isEqualTo(0.25 * 0.1, within(1e-15));
    }
}
