package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.rnnlab.experiments.sweep.plan.GradientProbeKey;
import org.rnnlab.experiments.sweep.plan.MemoryProbeKey;
import org.rnnlab.experiments.sweep.plan.Point;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.PointResult;
import org.rnnlab.experiments.sweep.store.SweepFolder;
import org.rnnlab.experiments.sweep.work.PointExecutor;
import org.rnnlab.experiments.sweep.work.Work;
import org.rnnlab.experiments.sweep.work.WorkResult;

/**
 * The driver of a sweep, the same for every engine: every series climbs the ladder of lengths until a length is not
 * solved (its memory limit is the last solved one), refines the limit by bisection between the last solved and the
 * first failed length ({@code refine} steps), then its cell is probed at initialization and trained; last, the
 * memory probes run one at a time (they measure heap allocation, which other work would disturb). Work goes to a
 * {@link PointExecutor}; results come back here, and only here are they written, to the {@link SweepFolder}, as each
 * arrives. Points and probes already in the folder are not run again.
 */
public final class SweepRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Progress callbacks (called from several threads). */
    public interface Progress {
        /** The number of points at most. */
        void total(long points);

        /** {@code points} more are done (run, resumed, or skipped beyond a series' limit). */
        void advance(long points, String message);
    }

    /**
     * What one series gave.
     *
     * @param series      the series
     * @param points      its points in the order they ran: the ladder, then the bisection steps
     * @param lastSolved  the longest length solved before the first one that was not (null: none solved)
     * @param firstFailed the shortest length not solved (null: every length of the ladder was solved)
     * @param failed      whether a point of it failed to run (the climb then stopped there)
     */
    public record SeriesOutcome(Series series, List<PointResult> points, Point lastSolved, Point firstFailed, boolean failed) {
        /** The point whose trained cell is probed: the longest solved, else the last tried (null when none ran). */
        public Point studied() {
            return lastSolved != null ? lastSolved : points.isEmpty() ? null : points.get(points.size() - 1).point();
        }
    }

    /**
     * What a sweep produced.
     *
     * @param series   every series in plan order
     * @param probes   every probe in the folder, by key
     * @param failures what failed in this run
     */
    public record Outcome(List<SeriesOutcome> series, Map<String, JsonNode> probes, List<SweepFolder.Failure> failures) {
        /** Every point of every series, in plan order. */
        public List<PointResult> results() {
            return series.stream().flatMap(s -> s.points().stream()).toList();
        }
    }

    private final SweepPlan plan;
    private final SweepFolder folder;
    private final PointExecutor executor;

    /**
     * @param plan     the sweep
     * @param folder   the output folder, opened for this plan
     * @param executor where work runs
     */
    public SweepRunner(SweepPlan plan, SweepFolder folder, PointExecutor executor) {
        this.plan = plan;
        this.folder = folder;
        this.executor = executor;
    }

    /** Runs everything not yet in the output folder. */
    public Outcome run(Progress progress) throws IOException, InterruptedException {
        progress.total(plan.pointCount());
        List<CompletableFuture<SeriesOutcome>> climbs = new ArrayList<>();
        for (Series s : plan.series()) {
            climbs.add(climb(s, 0, new ArrayList<>(), null, progress));
        }
        List<SeriesOutcome> outcomes = new ArrayList<>();
        for (CompletableFuture<SeriesOutcome> c : climbs) {
            outcomes.add(await(c));
        }
        for (MemoryProbeKey k : plan.memoryProbes()) {
            if (folder.probe(k.id()) == null) {
                await(executor.submit(new Work.Memory(k)).thenAccept(r -> record(k.id(), r)));
            }
        }
        return new Outcome(outcomes, folder.probes(), folder.failures());
    }

    private static <T> T await(CompletableFuture<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException("the sweep's engine failed: " + c, c);
        }
    }

    private CompletableFuture<SeriesOutcome> climb(Series s, int rung, List<PointResult> done, Point lastSolved, Progress progress) {
        List<Integer> ladder = plan.ladder();
        int refine = plan.config().refine();
        if (rung == ladder.size()) {
            progress.advance(refine, s.cell().label() + " solved every length");
            return probes(s, done, lastSolved, null, false);
        }
        Point p = plan.point(s, ladder.get(rung));
        return result(p, progress).thenCompose(r -> {
            if (r == null) {
                progress.advance(ladder.size() - rung - 1 + refine, s.cell().label() + " stopped: T=" + p.length() + " failed");
                return probes(s, done, lastSolved, null, true);
            }
            done.add(r);
            if (r.solved()) {
                return climb(s, rung + 1, done, p, progress);
            }
            progress.advance(ladder.size() - rung - 1, s.cell().label() + " limit found");
            return bisect(s, done, lastSolved, p, refine, progress);
        });
    }

    /**
     * Bisection between the last solved and the first failed length: each step runs the integer midpoint, and moves the
     * bound it lands on; it stops after {@code left} steps or when the two are adjacent.
     */
    private CompletableFuture<SeriesOutcome> bisect(Series s, List<PointResult> done, Point lastSolved, Point firstFailed, int left,
                                                    Progress progress) {
        if (left == 0 || lastSolved == null || firstFailed.length() - lastSolved.length() <= 1) {
            progress.advance(left, s.cell().label() + (lastSolved == null ? " solved no length"
                    : " limit in [" + lastSolved.length() + ", " + firstFailed.length() + ")"));
            return probes(s, done, lastSolved, firstFailed, false);
        }
        Point p = plan.point(s, lastSolved.length() + (firstFailed.length() - lastSolved.length()) / 2);
        return result(p, progress).thenCompose(r -> {
            if (r == null) {
                progress.advance(left - 1, s.cell().label() + " stopped: T=" + p.length() + " failed");
                return probes(s, done, lastSolved, firstFailed, true);
            }
            done.add(r);
            return r.solved() ? bisect(s, done, p, firstFailed, left - 1, progress) : bisect(s, done, lastSolved, p, left - 1, progress);
        });
    }

    /** A point's result: from the folder when it is there (and whole), else trained and committed; null when it failed. */
    private CompletableFuture<PointResult> result(Point p, Progress progress) {
        PointResult finished = folder.finished(p.fingerprint());
        if (finished != null && !folder.needsRestore(p.fingerprint())) {
            progress.advance(1, p.series().cell().label() + " T=" + p.length() + " (resumed)");
            return CompletableFuture.completedFuture(finished);
        }
        return executor.submit(new Work.Train(p)).thenApply(r -> commit(p, r, progress));
    }

    /** Commits a trained point, or records its failure (then returns null). */
    private PointResult commit(Point p, WorkResult r, Progress progress) {
        try {
            if (r instanceof WorkResult.Trained t) {
                PointResult pr = folder.commit(p, t.metrics(), t.run(), t.telemetry(), t.checkpoint());
                progress.advance(1, p.series().cell().label() + " T=" + p.length() + (pr.solved() ? " solved" : " not solved"));
                return pr;
            }
            folder.fail(new SweepFolder.Failure("point", p.id(), ((WorkResult.Failed) r).error()));
            progress.advance(1, p.series().cell().label() + " T=" + p.length() + " FAILED");
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<SeriesOutcome> probes(Series s, List<PointResult> done, Point lastSolved, Point firstFailed, boolean failed) {
        SeriesOutcome o = new SeriesOutcome(s, List.copyOf(done), lastSolved, firstFailed, failed);
        Point studied = o.studied();
        List<CompletableFuture<Void>> probes = new ArrayList<>();
        probes.add(probe(plan.initProbe(s), new byte[0]));
        if (studied != null) {
            GradientProbeKey k = plan.trainedProbe(studied);
            if (folder.probe(k.id()) == null) {
                try {
                    probes.add(probe(k, Files.readAllBytes(folder.checkpoint(studied.fingerprint()))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenApply(v -> o);
    }

    private CompletableFuture<Void> probe(GradientProbeKey k, byte[] checkpoint) {
        if (folder.probe(k.id()) != null) {
            return CompletableFuture.completedFuture(null);
        }
        return executor.submit(new Work.Gradients(k, checkpoint)).thenAccept(r -> record(k.id(), r));
    }

    private void record(String key, WorkResult r) {
        try {
            if (r instanceof WorkResult.Probed p) {
                folder.commitProbe(key, (ObjectNode) JSON.readTree(p.json()));
            } else {
                folder.fail(new SweepFolder.Failure("probe", key, ((WorkResult.Failed) r).error()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
