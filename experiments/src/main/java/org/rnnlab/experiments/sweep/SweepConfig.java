package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sweep file as written: the grid of tasks × cells × hidden sizes × optimizers × clipping × initializations × seeds,
 * each series trained over a ladder of lengths to find its memory limit, and the settings every point shares. Every
 * key is present: {@link SweepFiles} merges a user's file over the embedded {@code default-sweep.yaml}, the one place
 * the defaults live. Values are checked here (ranges, duplicates, missing values); names are resolved later, once, by
 * {@link org.rnnlab.experiments.sweep.plan.SweepPlan#resolve}. Errors are {@link SweepKeyException}s naming the key.
 *
 * @param name            a label for the report
 * @param tasks           tasks, each a name ({@code adding}, {@code copy}, …) or a name with settings
 *                        ({@code {name: mnist, variant: pixel, data_dir: …}})
 * @param cells           cells, each a kind ({@code rnn}, {@code gru}, {@code lstm}, a plugin kind, or any of them prefixed
 *                        {@code bi-}: bidirectional, concatenated) or a kind with settings: {@code proj_size} (an LSTM's
 *                        projection, as {@code torch.nn.LSTM}) and the kind's own ({@code {name: cornn, dt: 0.05}})
 * @param lengths         the ladder of task lengths (lags), climbed in increasing order until one is not solved
 * @param hidden          hidden sizes
 * @param optimizers      optimizers by registered name with settings
 * @param clipping        clipping policies by registered name with settings
 * @param schedules       learning-rate schedules by registered name with settings
 * @param initializations {@code pytorch}, {@code xavier}, {@code orthogonal}, {@code identity} or {@code forget_bias}
 * @param seeds           seeds: weights, data and order
 * @param backend         {@code auto} or a backend name
 * @param precision       {@code float32} or {@code float64}
 * @param budget          training budget per point
 * @param solved          when a point counts as solved
 * @param gradients       the gradient-stability probe
 * @param resources       the memory probe
 * @param refine          bisection steps between a series' last solved and first failed lengths (0: the ladder only)
 * @param parallelism     points trained at once by the local engine (0: one per core)
 * @param engine          where points run: {@code local} (this JVM's cores) or {@code spark}; changes no result
 * @param spark           settings of the {@code spark} engine
 */
public record SweepConfig(String name, List<Component> tasks, List<Component> cells, List<Integer> lengths, List<Integer> hidden,
                          List<Component> optimizers, List<Component> clipping, List<Component> schedules, List<String> initializations,
                          List<Long> seeds, String backend, String precision, Budget budget, Solved solved, Gradients gradients,
                          Resources resources, int refine, int parallelism, String engine, Spark spark) implements Serializable {

    /** Longest length a ladder may name. */
    public static final int MAX_LENGTH = 100_000;
    /** Largest hidden size a sweep may name. */
    public static final int MAX_HIDDEN = 4096;

    /** Validates every value. */
    public SweepConfig {
        text("name", name);
        tasks = distinct("tasks", tasks);
        cells = distinct("cells", cells);
        lengths = distinct("lengths", lengths);
        for (int i = 0; i < lengths.size(); i++) {
            range("lengths[" + i + "]", lengths.get(i), 1, MAX_LENGTH);
        }
        hidden = distinct("hidden", hidden);
        for (int i = 0; i < hidden.size(); i++) {
            range("hidden[" + i + "]", hidden.get(i), 1, MAX_HIDDEN);
        }
        optimizers = distinct("optimizers", optimizers);
        clipping = distinct("clipping", clipping);
        schedules = distinct("schedules", schedules);
        initializations = distinct("initializations", initializations);
        seeds = distinct("seeds", seeds);
        text("backend", backend);
        text("precision", precision);
        present("budget", budget);
        present("solved", solved);
        present("gradients", gradients);
        present("resources", resources);
        range("refine", refine, 0, 30);
        if (parallelism < 0 || parallelism > 4096) {
            throw new SweepKeyException("parallelism", "must be in [0, 4096] (0: one per core), got " + parallelism);
        }
        text("engine", engine);
        engine = engine.trim().toLowerCase(java.util.Locale.ROOT);
        present("spark", spark);
    }

    /** A copy with another {@code parallelism} (the command line's {@code --parallel}). */
    public SweepConfig withParallelism(int points) {
        return new SweepConfig(name, tasks, cells, lengths, hidden, optimizers, clipping, schedules, initializations, seeds, backend,
                precision, budget, solved, gradients, resources, refine, points, engine, spark);
    }

    /** A copy with another engine and Spark settings (the command line's {@code --engine}, {@code --master}, {@code --conf}). */
    public SweepConfig withEngine(String engineName, Spark sparkSettings) {
        return new SweepConfig(name, tasks, cells, lengths, hidden, optimizers, clipping, schedules, initializations, seeds, backend,
                precision, budget, solved, gradients, resources, refine, parallelism, engineName, sparkSettings);
    }

    private static void text(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new SweepKeyException(key, "needs a value");
        }
    }

    private static void present(String key, Object value) {
        if (value == null) {
            throw new SweepKeyException(key, "needs a value");
        }
    }

    private static void range(String key, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new SweepKeyException(key, "must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    /** A non-empty list without missing or repeated values, copied. */
    private static <T> List<T> distinct(String key, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new SweepKeyException(key, "must list at least one value");
        }
        Set<T> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            T v = values.get(i);
            if (v == null) {
                throw new SweepKeyException(key + "[" + i + "]", "a value is missing");
            }
            if (!seen.add(v)) {
                throw new SweepKeyException(key + "[" + i + "]", "repeats " + v + ": each value would run twice");
            }
        }
        return List.copyOf(values);
    }

    /**
     * Settings of the Spark engine.
     *
     * @param master        the master URL: {@code local[N]}, {@code local-cluster[N,C,M]}, {@code spark://host:port},
     *                      {@code yarn}, {@code k8s://https://host:port} ({@code spark-submit}'s {@code --master} wins)
     * @param conf          Spark settings ({@code spark.executor.memory: 4g}, …)
     * @param startTimeoutS how long the executors may take to answer a first job before the sweep gives up
     */
    public record Spark(String master, java.util.Map<String, Object> conf, @JsonProperty("start_timeout_s") int startTimeoutS)
            implements Serializable {
        /** Validates; every setting becomes text, as Spark keeps them ({@code spark.executor.cores: 2} is {@code "2"}). */
        public Spark {
            text("master", master);
            java.util.Map<String, Object> c = new java.util.TreeMap<>();
            for (java.util.Map.Entry<String, Object> e : (conf == null ? java.util.Map.<String, Object>of() : conf).entrySet()) {
                if (!e.getKey().startsWith("spark.")) {
                    throw new SweepKeyException("conf." + e.getKey(), "Spark settings start with 'spark.', got '" + e.getKey() + "'");
                }
                Object v = e.getValue();
                if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    throw new SweepKeyException("conf." + e.getKey(), "must be a single value (text, number or true/false), got " + v);
                }
                c.put(e.getKey(), String.valueOf(v));
            }
            conf = java.util.Collections.unmodifiableMap(c);
            range("start_timeout_s", startTimeoutS, 1, 3600);
        }

        /** The settings as Spark takes them. */
        public java.util.Map<String, String> settings() {
            java.util.Map<String, String> m = new java.util.TreeMap<>();
            conf.forEach((k, v) -> m.put(k, (String) v));
            return m;
        }
    }

    /**
     * @param steps         optimizer steps per point at most: one budget, or a list (an axis of the grid)
     * @param batch         examples per step
     * @param evaluateEvery evaluation period (and early-stopping check)
     * @param validation    validation examples
     */
    public record Budget(@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> steps, int batch,
                         @JsonProperty("evaluate_every") int evaluateEvery, int validation) implements Serializable {
        /** Validates: every figure at least 1, and steps × batch examples countable. */
        public Budget {
            steps = distinct("steps", steps);
            range("batch", batch, 1, 65_536);
            range("evaluate_every", evaluateEvery, 1, Integer.MAX_VALUE);
            range("validation", validation, 1, 1_000_000);
            for (int i = 0; i < steps.size(); i++) {
                String key = steps.size() == 1 ? "steps" : "steps[" + i + "]";
                range(key, steps.get(i), 1, 10_000_000);
                if ((long) steps.get(i) * batch > Integer.MAX_VALUE) {
                    throw new SweepKeyException(key, "steps × batch = " + (long) steps.get(i) * batch + " examples exceeds "
                            + Integer.MAX_VALUE + "; lower steps or batch");
                }
            }
        }
    }

    /** @param lossFraction a point is solved when its validation loss is at most this fraction of the task's baseline */
    public record Solved(@JsonProperty("loss_fraction") double lossFraction) implements Serializable {
        /** Validates. */
        public Solved {
            if (!(lossFraction > 0 && lossFraction < 1)) {
                throw new SweepKeyException("loss_fraction", "must be in (0, 1), got " + lossFraction);
            }
        }
    }

    /**
     * @param length the sequence length the probe unrolls
     * @param seed   seed of the probe's input and readout
     */
    public record Gradients(int length, long seed) implements Serializable {
        /** Validates. */
        public Gradients {
            range("length", length, 2, 10_000);
        }
    }

    /**
     * @param heapBudgetMb the heap budget whose longest sequence is reported
     * @param truncation   k1 = k2 of truncated BPTT for the bounded-memory figure
     */
    public record Resources(@JsonProperty("heap_budget_mb") int heapBudgetMb, int truncation) implements Serializable {
        /** Validates. */
        public Resources {
            range("heap_budget_mb", heapBudgetMb, 1, 1 << 24);
            range("truncation", truncation, 1, MAX_LENGTH);
        }
    }
}
