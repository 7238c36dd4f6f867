package org.rnnlab.cpu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The crew's parts run at once and meet at every barrier; a failing part stops the others; a busy crew says so. */
@Timeout(60)
class CrewTest {

    @Test
    void everyPartSeesEveryOtherPartsPhaseAfterTheBarrier() {
        Crew crew = new Crew(3);
        int phases = 2000;
        AtomicIntegerArray done = new AtomicIntegerArray(3);
        AtomicBoolean behind = new AtomicBoolean();
        assertThat(crew.tryRun(3, part -> {
            for (int phase = 1; phase <= phases; phase++) {
                done.set(part, phase);
                crew.await();
                for (int other = 0; other < 3; other++) {
                    if (done.get(other) < phase) {
                        behind.set(true);
                    }
                }
                crew.await(); // nobody starts the next phase before everyone has looked
            }
        })).isTrue();
        assertThat(behind).isFalse();
        for (int part = 0; part < 3; part++) {
            assertThat(done.get(part)).isEqualTo(phases);
        }
        // The same crew runs the next job, with fewer parts.
        AtomicIntegerArray ran = new AtomicIntegerArray(3);
        assertThat(crew.tryRun(2, part -> {
            ran.incrementAndGet(part);
            crew.await();
        })).isTrue();
        assertThat(ran.get(0) + ran.get(1) + ran.get(2)).isEqualTo(2);
        assertThat(ran.get(2)).isZero();
    }

    @Test
    void aFailingPartIsRethrownAndTheOthersDoNotWaitForIt() {
        Crew crew = new Crew(2);
        long start = System.nanoTime();
        assertThatThrownBy(() -> crew.tryRun(2, part -> {
            if (part == 1) {
                throw new IllegalStateException("part 1 fails");
            }
            for (int i = 0; i < 10; i++) {
                crew.await();
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("part 1 fails");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // The crew is free again afterwards.
        assertThat(crew.tryRun(2, part -> crew.await())).isTrue();
    }

    @Test
    void aStrayInterruptOfItsThreadsLeavesTheCrewWorking() throws InterruptedException {
        Crew crew = new Crew(2);
        assertThat(crew.tryRun(2, part -> crew.await())).isTrue(); // starts its thread
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("rnnlab-crew-")).forEach(Thread::interrupt);
        Thread.sleep(50);
        AtomicIntegerArray ran = new AtomicIntegerArray(2);
        assertThat(crew.tryRun(2, part -> {
            ran.incrementAndGet(part);
            crew.await();
        })).isTrue();
        assertThat(ran.get(0) + ran.get(1)).isEqualTo(2);
    }

    @Test
    void aBusyCrewOrTooManyPartsRunNothing() {
        Crew crew = new Crew(2);
        AtomicBoolean nested = new AtomicBoolean(true);
        assertThat(crew.tryRun(2, part -> {
            if (part == 0) {
                nested.set(crew.tryRun(1, p -> { }));
            }
        })).isTrue();
        assertThat(nested).isFalse();
        assertThat(crew.tryRun(3, part -> { })).isFalse();
        assertThat(crew.tryRun(0, part -> { })).isFalse();
        assertThatThrownBy(() -> new Crew(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
