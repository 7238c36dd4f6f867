package org.rnnlab.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.work.PointExecutor;
import org.rnnlab.experiments.sweep.work.Work;
import org.rnnlab.experiments.sweep.work.WorkResult;

/**
 * Runs each piece of work as a Spark job of one task, so that each result comes back, and is written by the driver, as
 * soon as it is done, and each series climbs its ladder at its own pace (as on the local engine). At most
 * {@code window} jobs are in flight (twice the executor slots: the next task is queued while one runs); one dispatcher
 * thread starts jobs and collects finished ones. An executor that dies mid-task is Spark's to handle: it reruns the
 * task elsewhere, and the job returns one result, so the journal never holds a point twice.
 */
final class SparkPointExecutor implements PointExecutor {
    private record Pending(Work work, CompletableFuture<WorkResult> result) {
    }

    private record Running(JavaFutureAction<List<WorkResult>> job, CompletableFuture<WorkResult> result) {
    }

    private final JavaSparkContext jsc;
    private final Broadcast<SweepPlan> plan;
    private final int window;
    private final String description;
    private final Object lock = new Object();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final List<Running> running = new ArrayList<>();
    private final Thread dispatcher;
    private boolean closed;

    SparkPointExecutor(JavaSparkContext jsc, Broadcast<SweepPlan> plan, int slots, String description) {
        this.jsc = jsc;
        this.plan = plan;
        this.window = Math.max(2, 2 * slots);
        this.description = description;
        this.dispatcher = new Thread(this::dispatch, "spark-dispatcher");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    @Override
    public CompletableFuture<WorkResult> submit(Work work) {
        CompletableFuture<WorkResult> f = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                f.completeExceptionally(new IllegalStateException("the spark engine was stopped"));
                return f;
            }
            queue.add(new Pending(work, f));
            lock.notifyAll();
        }
        return f;
    }

    private void dispatch() {
        List<Runnable> completions = new ArrayList<>();
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                while (running.size() < window && !queue.isEmpty()) {
                    Pending p = queue.poll();
                    try {
                        jsc.setLocalProperty("spark.job.description", p.work().describe());
                        running.add(new Running(jsc.parallelize(List.of(p.work()), 1).map(new RunWork(plan)).collectAsync(), p.result()));
                    } catch (RuntimeException e) {
                        completions.add(() -> p.result().completeExceptionally(e));
                    }
                }
                for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
                    Running r = it.next();
                    if (r.job().isDone()) {
                        it.remove();
                        completions.add(() -> complete(r));
                    }
                }
                if (completions.isEmpty()) {
                    try {
                        lock.wait(running.isEmpty() ? 0 : 5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            // Outside the lock: completing runs the driver's callbacks (writing the folder, submitting the next rung).
            completions.forEach(Runnable::run);
            completions.clear();
        }
    }

    private static void complete(Running r) {
        try {
            List<WorkResult> out = r.job().get();
            r.result().complete(out.get(0));
        } catch (ExecutionException e) {
            r.result().completeExceptionally(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException | RuntimeException e) {
            r.result().completeExceptionally(e);
        }
    }

    @Override
    public String describe() {
        return description + ", up to " + window + " job(s) in flight";
    }

    /** Cancels what is in flight and stops the SparkContext. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            for (Running r : running) {
                r.job().cancel(true);
                r.result().cancel(false);
            }
            queue.forEach(p -> p.result().cancel(false));
            lock.notifyAll();
        }
        try {
            dispatcher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jsc.stop();
    }
}
