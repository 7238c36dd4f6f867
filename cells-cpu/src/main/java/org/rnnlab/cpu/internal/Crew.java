package org.rnnlab.cpu.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Threads of its own that run the parts of one job at the same time and meet at a {@link #await barrier} between its
 * phases: the recurrence of a large hidden size split by columns of W_hh, where every step's product needs all of the
 * previous step's state. A fork-join pool cannot host that (a part that waits at a barrier for a part the pool has not
 * started yet waits forever) and hands work off in tens of microseconds, a step's length; these threads are started once,
 * park between jobs and spin at the barrier (yielding after a while, so that a busy machine still makes progress).
 *
 * <p>One job at a time per crew: {@link #tryRun} returns false while another thread's job runs, and the caller computes
 * its job another way. A part that throws breaks the barrier, so that the others stop too; the first failure is rethrown
 * to the caller.
 */
public final class Crew {
    /** Spins at the barrier (a pause each: tens of nanoseconds) before the waiting thread starts to yield. */
    private static final int SPINS = 1 << 11;

    private static final class Holder {
        static final Crew MACHINE = new Crew(Runtime.getRuntime().availableProcessors());
    }

    private final int size;
    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The job being run: its body and its number of parts. */
    private volatile IntConsumer body;
    private volatile int parts;
    /** Bumped for each job; a worker runs a job once per generation. */
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    /** The barrier: arrivals of the current phase, and the phase, bumped when the last part arrives. */
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger phase = new AtomicInteger();
    private volatile boolean broken;
    private volatile Throwable failure;

    /** The crew of this machine: one thread per core, the caller of a job being one of them. */
    public static Crew machine() {
        return Holder.MACHINE;
    }

    /** A crew of {@code size} threads, the caller of a job included (so {@code size − 1} are started). */
    public Crew(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a crew needs at least one thread, got " + size);
        }
        this.size = size;
        this.workers = new Thread[size - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = new Thread(() -> work(part), "rnnlab-crew-" + part);
            workers[w].setDaemon(true);
        }
    }

    /** Threads a job may have, the caller included. */
    public int size() {
        return size;
    }

    /**
     * Runs {@code body.accept(p)} for p in [0, parts) at once, part 0 on the calling thread, and returns when every part
     * has returned; false, having run nothing, when another job holds the crew or parts exceeds its size.
     */
    public boolean tryRun(int parts, IntConsumer body) {
        if (parts < 1 || parts > size || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            startWorkers();
            this.body = body;
            this.parts = parts;
            broken = false;
            failure = null;
            arrived.set(0);
            finished.set(0);
            generation.incrementAndGet();
            for (int w = 0; w < parts - 1; w++) {
                LockSupport.unpark(workers[w]);
            }
            runPart(0);
            for (int spins = 0; finished.get() < parts - 1; spins++) {
                pause(spins);
            }
            Throwable f = failure;
            if (f instanceof RuntimeException e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
            return true;
        } finally {
            this.body = null;
            busy.set(false);
        }
    }

    /**
     * Waits until every part of the running job has called it as often as this one (a barrier between phases). Throws
     * {@link BrokenException} when another part has failed.
     */
    public void await() {
        int current = phase.get();
        if (arrived.incrementAndGet() == parts) {
            arrived.set(0);
            phase.incrementAndGet();
            return;
        }
        for (int spins = 0; phase.get() == current; spins++) {
            if (broken) {
                throw new BrokenException();
            }
            pause(spins);
        }
    }

    /** A spin, or once a wait has spun {@link #SPINS} times, a yield: a busy machine still runs the awaited thread. */
    private static void pause(int spins) {
        if (spins < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Thrown at the barrier of the parts that did not fail, when one did. */
    public static final class BrokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BrokenException() {
            super("another part of the job failed", null, false, false);
        }
    }

    private synchronized void startWorkers() {
        for (Thread t : workers) {
            if (t.getState() == Thread.State.NEW) {
                t.start();
            }
        }
    }

    private void runPart(int part) {
        try {
            body.accept(part);
        } catch (BrokenException e) {
            // another part failed first: its failure is the one reported
        } catch (Throwable e) {
            synchronized (this) {
                if (failure == null) {
                    failure = e;
                }
            }
            broken = true;
        }
    }

    private void work(int part) {
        int seen = 0;
        while (true) {
            int g = generation.get();
            if (g == seen || part >= parts) {
                Thread.interrupted(); // nothing interrupts a crew's thread on purpose; a stray interrupt must not make it spin
                LockSupport.park(this);
                continue;
            }
            seen = g;
            runPart(part);
            finished.incrementAndGet();
        }
    }
}
