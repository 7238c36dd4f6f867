package org.rnnlab.experiments.sweep.work;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The local engine: work runs on a fixed number of threads of this JVM, sharing one {@link Worker}. */
public final class LocalExecutor implements PointExecutor {
    private final Worker worker;
    private final int threads;
    private final ExecutorService pool;

    /**
     * @param worker  runs the work
     * @param threads pieces of work at once (≥ 1)
     */
    public LocalExecutor(Worker worker, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.worker = worker;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<WorkResult> submit(Work work) {
        return CompletableFuture.supplyAsync(() -> worker.run(work), pool);
    }

    @Override
    public String describe() {
        return "local: " + threads + " point(s) at once";
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
