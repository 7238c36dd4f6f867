package org.rnnlab.experiments.sweep.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnlab.api.BackendUnavailableException;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.Precision;
import org.rnnlab.experiments.sweep.Component;
import org.rnnlab.experiments.sweep.InvalidSweepException;
import org.rnnlab.experiments.sweep.SweepConfig;
import org.rnnlab.experiments.sweep.SweepFiles;
import org.rnnlab.experiments.tasks.Task;
import org.rnnlab.experiments.tasks.TaskRegistry;
import org.rnnlab.optimizers.TrainingComponents;

/**
 * A sweep resolved once, before anything runs: every name of the {@link SweepConfig} checked (tasks, cells against the
 * backends present with the sweep's precision, initializations, optimizers and clipping policies built once by their
 * factories, so their settings are checked too), then expanded into {@link Series} in grid order. Immutable and
 * serialisable: an engine ships it to wherever points run.
 *
 * @param config    the sweep as written (defaults merged)
 * @param precision the precision every point trains in
 * @param series    every series, in grid order (task, cell, hidden, budget, optimizer, clipping, schedule,
 *                  initialization, seed)
 * @param ladder    the lengths, ascending
 * @param notes     what resolution decided that a user should know (printed before the run)
 */
public record SweepPlan(SweepConfig config, Precision precision, List<Series> series, List<Integer> ladder, List<String> notes)
        implements Serializable {

    /** Format of the fingerprints and of the output folder; changes whenever a point's result could change meaning. */
    public static final String FORMAT = "rnnlab-sweep/4";

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    /** The setting a component's error names: {@code : 'betas[0]' …} or {@code : max_norm must …}. */
    /** The data digest of each task, once per JVM (a task reads its files once per JVM too: {@link TaskRegistry}). */
    private static final Map<Component, String> DATA_DIGESTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Pattern SETTING = Pattern.compile(": (?:'([A-Za-z0-9_]+)(\\[\\d+])?'|([A-Za-z0-9_]+) must )");

    /** Copies. */
    public SweepPlan {
        series = List.copyOf(series);
        ladder = List.copyOf(ladder);
        notes = List.copyOf(notes);
    }

    /**
     * Resolves a loaded sweep file. Nothing runs before this returns.
     *
     * @param loaded     the file (for the lines of its keys)
     * @param registry   the backends (the config's {@code backend} is applied here)
     * @param components optimizers and clipping policies by name
     * @throws InvalidSweepException naming the file, the key's line and the known names
     */
    public static SweepPlan resolve(SweepFiles.Loaded loaded, CellRegistry registry, TrainingComponents components)
            throws InvalidSweepException {
        return resolve(loaded, registry, components, CellCheck.AVAILABLE_HERE);
    }

    /** How the cells of a sweep are checked at load. */
    public enum CellCheck {
        /** Each cell must be available in this JVM, in the sweep's precision: the local engine runs it here. */
        AVAILABLE_HERE,
        /**
         * Some provider on the class path must offer each cell in the sweep's precision; whether it is available is
         * checked where the work runs (a cluster's executors may have a GPU the driver lacks).
         */
        OFFERED
    }

    /**
     * Resolves a loaded sweep file, checking its cells as {@code check} says. Nothing runs before this returns.
     *
     * @throws InvalidSweepException naming the file, the key's line and the known names
     */
    public static SweepPlan resolve(SweepFiles.Loaded loaded, CellRegistry registry, TrainingComponents components, CellCheck check)
            throws InvalidSweepException {
        SweepConfig c = loaded.config();
        SweepFiles.Source src = loaded.source();
        List<String> notes = new ArrayList<>();
        Precision precision;
        try {
            precision = Precision.parse(c.precision());
        } catch (IllegalArgumentException e) {
            throw new InvalidSweepException(src.at("precision") + e.getMessage());
        }
        Map<Component, Task> tasks = new LinkedHashMap<>();
        TaskRegistry taskRegistry = TaskRegistry.discover();
        for (int i = 0; i < c.tasks().size(); i++) {
            Component t = c.tasks().get(i);
            String key = "tasks[" + i + "]";
            Task task;
            try {
                task = taskRegistry.create(t.name(), t.settings());
            } catch (IllegalArgumentException e) {
                throw new InvalidSweepException(src.at(settingKey(key, t, e)) + e.getMessage());
            }
            for (int l : c.lengths()) {
                try {
                    task.checkLength(l);
                } catch (IllegalArgumentException e) {
                    throw new InvalidSweepException(src.at("lengths[" + c.lengths().indexOf(l) + "]") + "task '" + t.label() + "': "
                            + e.getMessage());
                }
            }
            tasks.put(t, task);
        }
        List<InitScheme> inits = new ArrayList<>();
        for (int i = 0; i < c.initializations().size(); i++) {
            try {
                InitScheme s = InitScheme.parse(c.initializations().get(i));
                if (inits.contains(s)) {
                    throw new IllegalArgumentException("initialization '" + s.id() + "' is listed twice");
                }
                inits.add(s);
            } catch (IllegalArgumentException e) {
                throw new InvalidSweepException(src.at("initializations[" + i + "]") + e.getMessage());
            }
        }
        CellRegistry backends = registry(c, src, registry);
        List<CellChoice> cells = new ArrayList<>();
        for (int i = 0; i < c.cells().size(); i++) {
            String key = "cells[" + i + "]";
            Component entry = c.cells().get(i);
            CellChoice cell;
            try {
                cell = CellChoice.of(entry);
            } catch (IllegalArgumentException e) {
                throw new InvalidSweepException(src.at(cellKey(key, entry, e)) + e.getMessage());
            }
            java.util.Set<String> kinds = new java.util.TreeSet<>();
            registry.report().forEach(st -> kinds.addAll(st.kinds()));
            if (!kinds.contains(cell.kind())) {
                throw new InvalidSweepException(src.at(entry.settings().isEmpty() ? key : key + ".name") + "unknown cell kind '"
                        + cell.kind() + "'; known: " + String.join(", ", kinds) + " (each also as bi-…, bidirectional). A plugin's kind "
                        + "needs its jar on the class path: ./rnnlab takes plugin jars from plugins/ or RNNLAB_PLUGINS");
            }
            if (cells.contains(cell)) {
                throw new InvalidSweepException(src.at(key) + "'" + cell.label() + "' is listed twice");
            }
            for (Task t : tasks.values()) {
                for (InitScheme init : inits) {
                    if (!init.appliesTo(cell.kind())) {
                        continue;
                    }
                    for (int h : c.hidden()) {
                        try {
                            CellSpec spec = cell.spec(t.inputSize(), h, precision, init.initialization(cell.kind()), 0);
                            if (check == CellCheck.AVAILABLE_HERE) {
                                backends.select(spec);
                                if (h == c.hidden().get(0)) {
                                    checkBuilds(backends, spec);
                                }
                            } else if (backends.offering(cell.kind(), precision).isEmpty()) {
                                throw new IllegalArgumentException("no backend " + (backends.explicitBackend().map(b -> "'" + b + "' ")
                                        .orElse("")) + "on the class path offers " + cell.kind() + "/" + precision.id());
                            }
                        } catch (BackendUnavailableException | IllegalArgumentException e) {
                            throw new InvalidSweepException(src.at(cellKey(key, entry, e)) + "cell '" + cell.label() + "' cannot run in "
                                    + precision.id() + (c.hidden().size() > 1 ? " at hidden " + h : "") + (inits.size() > 1 ? " with "
                                    + "initialization " + init.id() : "") + ": " + otherPrecisionHint(backends, cell.kind(), precision)
                                    + e.getMessage());
                        }
                    }
                }
            }
            cells.add(cell);
        }
        for (int i = 0; i < c.optimizers().size(); i++) {
            Component o = c.optimizers().get(i);
            String key = "optimizers[" + i + "]";
            check(src, key, o, () -> components.optimizer(o.name(), o.settings()));
        }
        for (int i = 0; i < c.clipping().size(); i++) {
            Component o = c.clipping().get(i);
            String key = "clipping[" + i + "]";
            check(src, key, o, () -> components.clipping(o.name(), o.settings()));
        }
        for (int i = 0; i < c.schedules().size(); i++) {
            Component o = c.schedules().get(i);
            String key = "schedules[" + i + "]";
            check(src, key, o, () -> components.schedule(o.name(), o.settings()));
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<Component, Task> te : tasks.entrySet()) {
            Component t = te.getKey();
            for (CellChoice cell : cells) {
                int before = series.size();
                for (int h : c.hidden()) {
                    for (int steps : c.budget().steps()) {
                        for (Component o : c.optimizers()) {
                            for (Component k : c.clipping()) {
                                for (Component sched : c.schedules()) {
                                    for (InitScheme init : inits) {
                                        if (!init.appliesTo(cell.kind())) {
                                            continue;
                                        }
                                        for (long seed : c.seeds()) {
                                            series.add(new Series(t, cell, h, o, k, sched, init, steps, seed));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if (series.size() == before) {
                    throw new InvalidSweepException(src.at("initializations") + "no initialization listed applies to cell '"
                            + cell.label() + "' (forget_bias is for lstm cells only); add pytorch, xavier, orthogonal or identity");
                }
            }
        }
        for (InitScheme init : inits) {
            List<String> skipped = cells.stream().filter(cell -> !init.appliesTo(cell.kind())).map(CellChoice::label).toList();
            if (!skipped.isEmpty()) {
                notes.add("initialization '" + init.id() + "' applies to lstm cells only: not run for " + String.join(", ", skipped));
            }
        }
        List<Integer> ladder = c.lengths().stream().sorted().toList();
        return new SweepPlan(c, precision, series, ladder, notes);
    }

    /**
     * Builds a plugin kind's cell once, small: its provider checks the values of the kind's settings (ranges, choices) and
     * what it can make of an initialization only when it makes a cell, and a sweep refuses them before anything runs. Neither
     * depends on H, so H is at most 4. A built-in kind's spec says all there is to check.
     */
    public static void checkBuilds(CellRegistry backends, CellSpec spec) {
        if (org.rnnlab.api.BuiltInKind.find(spec.kind()).isPresent()) {
            return;
        }
        CellSpec small = new CellSpec(spec.kind(), spec.inputSize(), spec.projectionSize() > 0 ? spec.hiddenSize() : Math.min(4,
                spec.hiddenSize()), spec.nonlinearity(), spec.bias(), spec.precision(), spec.initialization(), spec.seed(), spec.settings(),
                spec.projectionSize());
        backends.create(small).close();
    }

    /** The key of the cell setting an error names ({@code cells[2].dt}), else the entry's. */
    private static String cellKey(String key, Component entry, RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        for (String setting : entry.settings().keySet()) {
            boolean projection = CellChoice.PROJECTION.equals(setting);
            if (m.contains("'" + setting + "'") || projection && m.contains("projectionSize")
                    || !projection && m.contains("takes no settings")) {
                return key + "." + setting;
            }
        }
        return key;
    }

    /**
     * When no backend offers the kind in the sweep's precision and some offer it in the other (a per-step plugin without a
     * float32 twin), the two ways out, ahead of the registry's list of providers; otherwise nothing.
     */
    private static String otherPrecisionHint(CellRegistry backends, String kind, Precision precision) {
        Precision other = precision == Precision.FLOAT32 ? Precision.FLOAT64 : Precision.FLOAT32;
        List<String> there = backends.offering(kind, other);
        if (!backends.offering(kind, precision).isEmpty() || there.isEmpty()) {
            return "";
        }
        return "'" + kind + "' is offered in " + other.id() + " only (by " + String.join(", ", there) + "): set 'precision: "
                + other.id() + "'" + (other == Precision.FLOAT64 ? ", or give its provider a float32 twin (a per-step plugin: "
                + "README, \"Adding a cell\")" : "") + ". ";
    }

    private static CellRegistry registry(SweepConfig c, SweepFiles.Source src, CellRegistry registry) throws InvalidSweepException {
        if ("auto".equalsIgnoreCase(c.backend().trim())) {
            return registry;
        }
        String name = c.backend().trim().toLowerCase(java.util.Locale.ROOT);
        List<String> known = registry.report().stream().map(org.rnnlab.api.ProviderStatus::backend).toList();
        if (!known.contains(name)) {
            throw new InvalidSweepException(src.at("backend") + "unknown backend '" + c.backend() + "'; known: auto, "
                    + String.join(", ", known));
        }
        return registry.withBackend(name);
    }

    private static void check(SweepFiles.Source src, String key, Component component, Runnable build) throws InvalidSweepException {
        try {
            build.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidSweepException(src.at(settingKey(key, component, e)) + e.getMessage());
        }
    }

    /** The key of the setting a component's error names ({@code optimizers[0].lr}), else the component's name or itself. */
    private static String settingKey(String key, Component component, RuntimeException e) {
        Matcher m = SETTING.matcher(String.valueOf(e.getMessage()));
        while (m.find()) {
            String setting = m.group(1) != null ? m.group(1) : m.group(3);
            if (component.settings().containsKey(setting)) {
                return key + "." + setting + (m.group(2) == null ? "" : m.group(2));
            }
        }
        if (String.valueOf(e.getMessage()).startsWith("unknown ") && !component.settings().isEmpty()) {
            return key + ".name";
        }
        return key;
    }

    /** The registry the sweep's points use: {@code registry} with the config's backend applied. */
    public CellRegistry backends(CellRegistry registry) {
        String b = config.backend().trim().toLowerCase(java.util.Locale.ROOT);
        return "auto".equals(b) ? registry : registry.withBackend(b);
    }

    /** The cells, in the order the sweep file lists them. */
    public List<CellChoice> cells() {
        return series.stream().map(Series::cell).distinct().toList();
    }

    /** The task of a series (built once per JVM and settings). */
    public Task task(Series s) {
        return TaskRegistry.discover().create(s.task().name(), s.task().settings());
    }

    /** A series at one length, with its fingerprint. */
    public Point point(Series s, int length) {
        return new Point(s, length, fingerprint(s, length));
    }

    /** The series' points, shortest first. */
    public List<Point> points(Series s) {
        return ladder.stream().map(l -> point(s, l)).toList();
    }

    /** Every point the sweep could run (each series' whole ladder and its bisection steps). */
    public long pointCount() {
        return (long) series.size() * (ladder.size() + config.refine());
    }

    /** The gradient probe of a series at initialization. */
    public GradientProbeKey initProbe(Series s) {
        return new GradientProbeKey(GradientProbeKey.Phase.INIT, s, config.gradients().length(), config.gradients().seed(), null);
    }

    /** The gradient probe of a trained point's checkpoint. */
    public GradientProbeKey trainedProbe(Point p) {
        return new GradientProbeKey(GradientProbeKey.Phase.TRAINED, p.series(), config.gradients().length(), config.gradients().seed(), p);
    }

    /** The memory probes: one per (task input size, cell, hidden size), in grid order, without repeats. */
    public List<MemoryProbeKey> memoryProbes() {
        Map<String, MemoryProbeKey> out = new LinkedHashMap<>();
        for (Series s : series) {
            MemoryProbeKey k = memoryProbe(s);
            out.putIfAbsent(k.id(), k);
        }
        return List.copyOf(out.values());
    }

    /** The memory probe that describes a series' cell. */
    public MemoryProbeKey memoryProbe(Series s) {
        return new MemoryProbeKey(s.cell().forward(), s.hidden(), task(s).inputSize(), config.budget().batch(), precision,
                config.resources().heapBudgetMb(), config.resources().truncation());
    }

    /**
     * The settings every point shares, by key, as text: what an output folder records and a rerun must match. The grid's
     * axes (tasks, cells, lengths, …) are not among them: a point's fingerprint covers its own values.
     */
    public Map<String, String> sharedSettings() {
        SweepConfig c = config;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("precision", precision.id());
        m.put("backend", c.backend().trim().toLowerCase(java.util.Locale.ROOT));
        m.put("budget.batch", String.valueOf(c.budget().batch()));
        m.put("budget.evaluate_every", String.valueOf(c.budget().evaluateEvery()));
        m.put("budget.validation", String.valueOf(c.budget().validation()));
        m.put("solved.loss_fraction", String.valueOf(c.solved().lossFraction()));
        m.put("gradients.length", String.valueOf(c.gradients().length()));
        m.put("gradients.seed", String.valueOf(c.gradients().seed()));
        m.put("resources.heap_budget_mb", String.valueOf(c.resources().heapBudgetMb()));
        m.put("resources.truncation", String.valueOf(c.resources().truncation()));
        return m;
    }

    private String fingerprint(Series s, int length) {
        StringBuilder b = new StringBuilder();
        sharedSettings().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        b.append("task=").append(canonical(s.task())).append('\n')
                .append("cell=").append(s.cell().label()).append('\n')
                .append(cellSettings(s.cell()))
                .append("hidden=").append(s.hidden()).append('\n')
                .append("optimizer=").append(canonical(s.optimizer())).append('\n')
                .append("clipping=").append(canonical(s.clipping())).append('\n')
                .append("schedule=").append(canonical(s.schedule())).append('\n')
                .append("steps=").append(s.steps()).append('\n')
                .append("init=").append(s.init().id()).append('\n')
                .append("seed=").append(s.seed()).append('\n')
                .append("length=").append(length).append('\n');
        String data = DATA_DIGESTS.computeIfAbsent(s.task(), t -> task(s).dataDigest());
        if (!data.isEmpty()) {
            b.append("data=").append(data).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * A cell's projection and settings as typed JSON (text quoted, numbers not), for the fingerprint: the label alone would
     * read {@code s=1} for the text "1" and the number 1. Nothing for a plain cell, whose fingerprint stays as it was.
     */
    private static String cellSettings(CellChoice cell) {
        if (cell.projection() == 0 && cell.settings().isEmpty()) {
            return "";
        }
        Map<String, Object> m = new java.util.TreeMap<>(cell.settings().values());
        m.put(CellChoice.PROJECTION, cell.projection());
        try {
            return "cell_settings=" + CANONICAL.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings of cell '" + cell.label() + "' cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static String canonical(Component c) {
        try {
            return CANONICAL.writeValueAsString(c.toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings of '" + c.name() + "' cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
