package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlab.api.Precision;
import org.rnnlab.experiments.tasks.Tasks;

/**
 * A sweep: the grid of tasks × cells × hidden sizes × optimizers × clipping × initializations × seeds, each trained
 * over a ladder of lengths to find its memory limit; plus the gradient and resource probes. Absent keys take the
 * defaults of {@link #defaults()} (the one place they live). Validated on construction with messages that name the key.
 *
 * @param name            a label for the report
 * @param tasks           task names ({@code adding}, {@code temporal_order}, {@code copy}, {@code pattern},
 *                        {@code running_mean}, {@code echo})
 * @param cells           {@code rnn}, {@code gru}, {@code lstm}, a plugin kind, or any of them prefixed {@code bi-}
 *                        (bidirectional, concatenated)
 * @param lengths         the ladder of task lengths (lags), climbed in increasing order until one is not solved
 * @param hidden          hidden sizes
 * @param optimizers      optimizers by Guice name with settings
 * @param clipping        clipping policies by Guice name with settings
 * @param initializations {@code pytorch}, {@code xavier}, {@code orthogonal}, {@code identity} or {@code forget_bias}
 * @param seeds           seeds: weights, data and order
 * @param backend         {@code auto} or a backend name
 * @param precision       {@code float32} or {@code float64}
 * @param budget          training budget per point
 * @param solved          when a point counts as solved
 * @param gradients       the gradient-stability probe
 * @param resources       the memory probe
 * @param parallelism     points trained at once (0: one per core)
 */
public record SweepConfig(String name, List<String> tasks, List<String> cells, List<Integer> lengths, List<Integer> hidden,
                          List<Component> optimizers, List<Component> clipping,
                          @JsonProperty("initializations") List<String> initializations, List<Long> seeds, String backend,
                          String precision, Budget budget, Solved solved, Gradients gradients, Resources resources, Integer parallelism) {

    /** Known initialization names. */
    public static final List<String> INITIALIZATIONS = List.of("pytorch", "xavier", "orthogonal", "identity", "forget_bias");

    /** Fills defaults, then validates. */
    public SweepConfig {
        SweepConfig d = DEFAULTS;
        if (d != null) {
            name = name == null ? d.name : name;
            tasks = tasks == null ? d.tasks : tasks;
            cells = cells == null ? d.cells : cells;
            lengths = lengths == null ? d.lengths : lengths;
            hidden = hidden == null ? d.hidden : hidden;
            optimizers = optimizers == null ? d.optimizers : optimizers;
            clipping = clipping == null ? d.clipping : clipping;
            initializations = initializations == null ? d.initializations : initializations;
            seeds = seeds == null ? d.seeds : seeds;
            backend = backend == null ? d.backend : backend;
            precision = precision == null ? d.precision : precision;
            budget = budget == null ? d.budget : budget;
            solved = solved == null ? d.solved : solved;
            gradients = gradients == null ? d.gradients : gradients;
            resources = resources == null ? d.resources : resources;
            parallelism = parallelism == null ? d.parallelism : parallelism;
        }
        nonEmpty("tasks", tasks);
        for (String t : tasks) {
            Tasks.byName(t);
        }
        nonEmpty("cells", cells);
        for (String c : cells) {
            org.rnnlab.api.CellKinds.normalise(c.startsWith("bi-") ? c.substring(3) : c);
        }
        nonEmpty("lengths", lengths);
        for (int l : lengths) {
            if (l < 1 || l > 100_000) {
                throw new IllegalArgumentException("'lengths' must be in [1, 100000], got " + l);
            }
        }
        nonEmpty("hidden", hidden);
        for (int h : hidden) {
            if (h < 1 || h > 4096) {
                throw new IllegalArgumentException("'hidden' must be in [1, 4096], got " + h);
            }
        }
        nonEmpty("optimizers", optimizers);
        nonEmpty("clipping", clipping);
        nonEmpty("initializations", initializations);
        for (String i : initializations) {
            if (!INITIALIZATIONS.contains(i.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("unknown initialization '" + i + "'; known: " + String.join(", ", INITIALIZATIONS));
            }
        }
        nonEmpty("seeds", seeds);
        if (precision != null) {
            Precision.parse(precision);
        }
        if (parallelism != null && parallelism < 0) {
            throw new IllegalArgumentException("'parallelism' must be >= 0 (0: one per core), got " + parallelism);
        }
    }

    private static void nonEmpty(String key, List<?> list) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' must list at least one value");
        }
    }

    /**
     * @param steps         optimizer steps per point at most
     * @param batch         examples per step
     * @param evaluateEvery evaluation period (and early-stopping check)
     * @param validation    validation examples
     */
    public record Budget(Integer steps, Integer batch, @JsonProperty("evaluate_every") Integer evaluateEvery, Integer validation) {
        /** Fills defaults and validates. */
        public Budget {
            steps = steps == null ? 2000 : steps;
            batch = batch == null ? 32 : batch;
            evaluateEvery = evaluateEvery == null ? 100 : evaluateEvery;
            validation = validation == null ? 256 : validation;
            if (steps < 1 || batch < 1 || evaluateEvery < 1 || validation < 1) {
                throw new IllegalArgumentException("budget steps, batch, evaluate_every and validation must be >= 1");
            }
        }
    }

    /** @param lossFraction a point is solved when its validation loss is at most this fraction of the task's baseline */
    public record Solved(@JsonProperty("loss_fraction") Double lossFraction) {
        /** Fills the default and validates. */
        public Solved {
            lossFraction = lossFraction == null ? 0.06 : lossFraction;
            if (!(lossFraction > 0 && lossFraction < 1)) {
                throw new IllegalArgumentException("solved.loss_fraction must be in (0, 1), got " + lossFraction);
            }
        }
    }

    /**
     * @param length the sequence length the probe unrolls
     * @param seed   seed of the probe's input and readout
     */
    public record Gradients(Integer length, Long seed) {
        /** Fills defaults and validates. */
        public Gradients {
            length = length == null ? 100 : length;
            seed = seed == null ? 7L : seed;
            if (length < 2 || length > 10_000) {
                throw new IllegalArgumentException("gradients.length must be in [2, 10000], got " + length);
            }
        }
    }

    /**
     * @param heapBudgetMb the heap budget whose longest sequence is reported
     * @param truncation   k1 = k2 of truncated BPTT for the bounded-memory figure
     */
    public record Resources(@JsonProperty("heap_budget_mb") Integer heapBudgetMb, Integer truncation) {
        /** Fills defaults and validates. */
        public Resources {
            heapBudgetMb = heapBudgetMb == null ? 512 : heapBudgetMb;
            truncation = truncation == null ? 50 : truncation;
            if (heapBudgetMb < 1 || truncation < 1) {
                throw new IllegalArgumentException("resources.heap_budget_mb and truncation must be >= 1");
            }
        }
    }

    private static final SweepConfig DEFAULTS = new SweepConfig("default", List.of("adding"), List.of("rnn", "gru", "lstm"),
            List.of(5, 10, 20, 40, 80, 160, 320), List.of(32), List.of(new Component("adam", Map.of("lr", 0.01))),
            List.of(new Component("global_norm", Map.of("max_norm", 1.0))), List.of("pytorch"), List.of(1L), "auto", "float32",
            new Budget(null, null, null, null), new Solved(null), new Gradients(null, null), new Resources(null, null), 0);

    /** Every default (the values of the embedded default sweep). */
    public static SweepConfig defaults() {
        return DEFAULTS;
    }

    /** The precision as an enum. */
    public Precision precisionValue() {
        return Precision.parse(precision);
    }
}
