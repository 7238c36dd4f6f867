package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.checkpoint.ParameterFiles;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.experiments.probe.GradientProbe;
import org.rnnlab.experiments.probe.MemoryProbe;
import org.rnnlab.experiments.tasks.Task;
import org.rnnlab.experiments.tasks.Tasks;
import org.rnnlab.optimizers.TrainingComponents;

/**
 * Runs a sweep: every series (task × cell × hidden × optimizer × clipping × initialization × seed) climbs the ladder of
 * lengths until a length is not solved (its memory limit is the last solved one), series in parallel on the available
 * cores, each deterministic by its seed. Then the gradient probe at initialization and after training, and the memory
 * probe. Finished points and probes found in the output folder are not run again.
 */
public final class SweepRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Progress callbacks (thread-safe implementations required). */
    public interface Progress {
        /** The number of points at most. */
        void total(long points);

        /** {@code points} more are done (run, resumed or skipped beyond a series' limit). */
        void advance(long points, String message);
    }

    /** What a sweep produced. */
    public record Outcome(List<PointResult> results, Map<String, JsonNode> probes) {
    }

    private final SweepConfig config;
    private final ResultStore store;
    private final CellRegistry registry;
    private final PointRunner runner;
    private final int parallelism;

    /**
     * @param config     the sweep
     * @param store      the output folder
     * @param registry   where cells come from (the config's backend applied by the caller)
     * @param components optimizers and clipping policies by name
     */
    public SweepRunner(SweepConfig config, ResultStore store, CellRegistry registry, TrainingComponents components) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.runner = new PointRunner(config, components, registry);
        this.parallelism = config.parallelism() == 0 ? Runtime.getRuntime().availableProcessors() : config.parallelism();
    }

    /** Every series' first point (length = the shortest), in grid order. */
    public List<SweepPoint> series() {
        List<SweepPoint> out = new ArrayList<>();
        int first = config.lengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        for (String task : config.tasks()) {
            for (String cell : config.cells()) {
                for (int h : config.hidden()) {
                    for (Component o : config.optimizers()) {
                        for (Component c : config.clipping()) {
                            for (String init : config.initializations()) {
                                for (long seed : config.seeds()) {
                                    out.add(new SweepPoint(task, cell, h, o, c, init, seed, first));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Runs everything not yet in the output folder. */
    public Outcome run(Progress progress) throws IOException, InterruptedException {
        List<SweepPoint> series = series();
        List<Integer> ladder = config.lengths().stream().distinct().sorted().toList();
        progress.total((long) series.size() * ladder.size());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (SweepPoint s : series) {
                jobs.add(pool.submit(() -> {
                    climb(s, ladder, progress);
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException("a sweep series failed: " + e.getCause(), e.getCause());
                }
            }
            memoryProbes();
        } finally {
            pool.shutdownNow();
        }
        List<PointResult> ordered = new ArrayList<>();
        for (SweepPoint s : series) {
            for (int length : ladder) {
                PointResult r = store.finished().get(withLength(s, length).id());
                if (r != null) {
                    ordered.add(r);
                }
            }
        }
        return new Outcome(ordered, store.probes());
    }

    private void climb(SweepPoint first, List<Integer> ladder, Progress progress) throws IOException {
        SweepPoint last = null;
        SweepPoint lastSolved = null;
        for (int i = 0; i < ladder.size(); i++) {
            SweepPoint p = withLength(first, ladder.get(i));
            PointResult r = store.finished().get(p.id());
            if (r == null) {
                r = train(p);
                progress.advance(1, p.cell() + " T=" + p.length() + (r.solved() ? " solved" : " not solved"));
            } else {
                progress.advance(1, p.cell() + " T=" + p.length() + " (resumed)");
            }
            last = p;
            if (r.solved()) {
                lastSolved = p;
            } else {
                progress.advance(ladder.size() - i - 1, p.cell() + " limit found");
                break;
            }
        }
        gradientProbe("init", first, null);
        // The trained probe studies the model at the memory limit (the longest solved length), else the last one tried.
        SweepPoint studied = lastSolved != null ? lastSolved : last;
        gradientProbe("trained", studied, checkpoint(studied));
    }

    private PointResult train(SweepPoint p) throws IOException {
        PointResult result;
        ObjectNode telemetry;
        try {
            PointRunner.Outcome o = runner.run(p);
            try (SequenceModel model = o.model()) {
                ParameterFiles.save(checkpoint(p), model.parameters(), Map.of("id", p.id()));
            }
            result = o.result();
            telemetry = o.telemetry();
        } catch (RuntimeException e) {
            result = new PointResult(p.id(), p.task(), p.cell(), p.hidden(), p.length(), p.optimizer().label(), p.clipping().label(), p.init(),
                    p.seed(), "-", "ERROR: " + e.getMessage(), false, 0, Double.NaN, Double.NaN, Tasks.byName(p.task()).baselineLoss(p.length()),
                    Double.NaN, 0, 0, 0);
            telemetry = JSON.createObjectNode().put("error", String.valueOf(e));
        }
        store.commit(result, telemetry);
        return result;
    }

    private void gradientProbe(String phase, SweepPoint p, Path checkpoint) throws IOException {
        String id = "gradients|" + phase + "|" + p.series();
        if (store.probes().containsKey(id)) {
            return;
        }
        Task task = Tasks.byName(p.task());
        int steps = config.gradients().length();
        try (SequenceModel model = runner.model(p)) {
            if (checkpoint != null) {
                if (!Files.exists(checkpoint)) {
                    return; // the point failed before a model existed
                }
                ParameterFiles.load(checkpoint, model.parameters());
            }
            Tensor x = Tensor.zeros(config.precisionValue(), steps, 1, task.inputSize());
            SplittableRandom r = new SplittableRandom(config.gradients().seed());
            for (int i = 0; i < x.size(); i++) {
                x.set(i, r.nextDouble());
            }
            GradientProbe.Profile profile = GradientProbe.probe(model.network().cell(0, 0), x, config.gradients().seed());
            ObjectNode n = JSON.createObjectNode().put("type", "gradients").put("phase", phase).put("series", p.series())
                    .put("task", p.task()).put("cell", p.cell()).put("hidden", p.hidden()).put("trained_length", checkpoint == null ? 0 : p.length())
                    .put("length", steps).put("decay_per_step", profile.decayPerStep());
            n.set("log10_grad_norm", JSON.valueToTree(finite(profile.log10GradNorm())));
            n.set("log10_sigma_max", JSON.valueToTree(finite(profile.log10SigmaMax())));
            store.commitProbe(id, n);
        }
    }

    private void memoryProbes() throws IOException {
        for (String taskName : config.tasks()) {
            Task task = Tasks.byName(taskName);
            for (String cell : config.cells()) {
                String kind = cell.startsWith("bi-") ? cell.substring(3) : cell;
                for (int h : config.hidden()) {
                    String id = "memory|cell=" + kind + "|hidden=" + h + "|input=" + task.inputSize() + "|batch=" + config.budget().batch();
                    if (store.probes().containsKey(id)) {
                        continue;
                    }
                    org.rnnlab.api.CellSpec spec = org.rnnlab.api.CellSpec.of(kind, task.inputSize(), h).withPrecision(config.precisionValue());
                    // The probe counts JVM heap bytes against a heap budget: it measures the cpu backend, whose tape
                    // lives on the heap (a GPU backend's lives in device memory, which the JVM does not see).
                    MemoryProbe.Profile m = MemoryProbe.measure(registry.withBackend("cpu"), spec, config.budget().batch(),
                            (long) config.resources().heapBudgetMb() << 20, config.resources().truncation());
                    ObjectNode n = JSON.createObjectNode().put("type", "memory").put("cell", kind).put("hidden", h)
                            .put("input_size", task.inputSize()).put("batch", config.budget().batch())
                            .put("predicted_bytes_per_step", m.predictedBytesPerStep()).put("measured_bytes_per_step", m.measuredBytesPerStep())
                            .put("fixed_bytes", m.fixedBytes()).put("heap_budget_mb", config.resources().heapBudgetMb())
                            .put("truncation", config.resources().truncation()).put("max_steps_full", m.maxStepsFull())
                            .put("max_steps_truncated", m.maxStepsTruncated());
                    store.commitProbe(id, n);
                }
            }
        }
    }

    private static double[] finite(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = -9999; // log10 of an exact zero: below anything measurable
            }
        }
        return out;
    }

    private Path checkpoint(SweepPoint p) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(p.id().getBytes(StandardCharsets.UTF_8));
            return store.dir().resolve("checkpoints").resolve(HexFormat.of().formatHex(d, 0, 10) + ".safetensors");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static SweepPoint withLength(SweepPoint s, int length) {
        return new SweepPoint(s.task(), s.cell(), s.hidden(), s.optimizer(), s.clipping(), s.init(), s.seed(), length);
    }
}
