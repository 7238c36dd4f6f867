package org.rnnlab.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnnlab.api.CellKinds;
import org.rnnlab.experiments.sweep.SweepRunner;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.PointResult;
import org.rnnlab.experiments.sweep.store.SweepFolder;

/**
 * Writes a sweep's report: {@code summary.md} (also printed), {@code report.html}, and PNG charts: the memory limit
 * per architecture, log10 gradient norm against lag per architecture (at initialization and after training), the
 * largest singular value of the Jacobian products, and the training curves. Failed points and probes are listed.
 */
public final class SweepReport {
    /** The summary table in Markdown. */
    public static final String SUMMARY = "summary.md";
    /** The HTML report. */
    public static final String HTML = "report.html";

    private SweepReport() {
    }

    /** Summarises every series of the outcome, in plan order. */
    public static List<SeriesSummary> summarise(SweepPlan plan, SweepRunner.Outcome outcome) {
        int longest = plan.ladder().get(plan.ladder().size() - 1);
        Map<Series, Integer> limits = new HashMap<>();
        List<SeriesSummary> out = new ArrayList<>();
        for (SweepRunner.SeriesOutcome so : outcome.series()) {
            int limit = so.lastSolved() == null ? 0 : so.lastSolved().length();
            long steps = 0;
            for (PointResult r : so.points()) {
                if (so.lastSolved() != null && r.point().equals(so.lastSolved())) {
                    steps = r.metrics().steps();
                }
            }
            limits.put(so.series(), limit);
            Series s = so.series();
            JsonNode init = outcome.probes().get(plan.initProbe(s).id());
            JsonNode trained = so.studied() == null ? null : outcome.probes().get(plan.trainedProbe(so.studied()).id());
            JsonNode mem = outcome.probes().get(plan.memoryProbe(s).id());
            out.add(new SeriesSummary(s, limit, limit == longest && so.firstFailed() == null, so.failed(), steps, Double.NaN,
                    init == null ? Double.NaN : init.path("decay_per_step").asDouble(),
                    trained == null ? Double.NaN : trained.path("decay_per_step").asDouble(),
                    so.points().stream().mapToLong(r -> r.metrics().clippedSteps()).sum(),
                    so.points().stream().mapToLong(r -> r.metrics().nonFiniteSteps()).sum(),
                    mem == null ? -1 : mem.path("measured_bytes_per_step").asLong(), mem == null ? -1 : mem.path("max_steps_full").asLong(),
                    mem == null ? -1 : mem.path("max_steps_truncated").asLong(), memoryDevice(mem),
                    mem == null || memoryDevice(mem).isEmpty() ? 0 : mem.path("budget_bytes").asLong()));
        }
        List<SeriesSummary> withRatio = new ArrayList<>();
        for (SeriesSummary s : out) {
            Integer rnn = limits.get(s.series().withCell(s.series().cell().withKind(CellKinds.RNN)));
            boolean comparable = rnn != null && rnn > 0 && !s.failed();
            double ratio = comparable ? (double) s.memoryLimit() / rnn : Double.NaN;
            withRatio.add(new SeriesSummary(s.series(), s.memoryLimit(), s.censored(), s.failed(), s.stepsAtLimit(), ratio, s.decayInit(),
                    s.decayTrained(), s.clippedSteps(), s.nonFiniteSteps(), s.bytesPerStep(), s.maxStepsFull(), s.maxStepsTbptt(),
                    s.memoryDevice(), s.deviceBytes()));
        }
        return withRatio;
    }

    /** The device a memory probe counted on, or empty for the JVM heap (and for probes written before devices were counted). */
    private static String memoryDevice(JsonNode mem) {
        if (mem == null) {
            return "";
        }
        String where = mem.path("memory").asText("heap");
        return where.equals("heap") ? "" : where;
    }

    private static int failedAt(SweepPlan plan, SweepRunner.Outcome outcome, Series s) {
        for (SweepRunner.SeriesOutcome so : outcome.series()) {
            if (so.series().equals(s) && so.failed()) {
                int done = so.points().size();
                return done < plan.ladder().size() ? plan.ladder().get(done) : 0;
            }
        }
        return 0;
    }

    /** The tables of limits: each cell at its best setting, every setting over its seeds, and against the budget. */
    public static String limitsMarkdown(SweepPlan plan, LimitAnalysis a) {
        int shortest = a.shortest();
        boolean budgets = plan.config().budget().steps().size() > 1;
        StringBuilder b = new StringBuilder("## Memory limits, each cell at its best setting\n\n");
        b.append("| task | cell | H |").append(budgets ? " budget |" : "").append(" limit: median [range] | seeds | × rnn | best setting"
                + " | settings tried |\n|---|---|---|").append(budgets ? "---|" : "").append("---|---|---|---|---|\n");
        for (LimitAnalysis.CellBest c : a.best()) {
            b.append("| ").append(c.group().task().label()).append(" | ").append(c.group().cell().label()).append(" | ").append(c.group().hidden())
                    .append(" | ");
            if (budgets) {
                b.append(c.group().steps()).append(" | ");
            }
            b.append(c.best().text(shortest)).append(" | ").append(c.best().perSeed(shortest)).append(" | ")
                    .append(Double.isNaN(c.ratioToRnn()) ? "–" : fmt(c.ratioToRnn()) + (c.best().medianCensored() ? "+" : "")).append(" | ")
                    .append(c.best().configuration().settingsLabel()).append(" | ").append(c.settings().size()).append(" |\n");
        }
        if (a.settings().size() > a.best().size()) {
            b.append("\n## Every setting, over its seeds\n\n| task | cell | H |").append(budgets ? " budget |" : "")
                    .append(" setting | limit: median [range] | seeds |\n|---|---|---|").append(budgets ? "---|" : "").append("---|---|---|\n");
            for (LimitAnalysis.SettingLimit s : a.settings()) {
                Series.Configuration c = s.configuration();
                b.append("| ").append(c.task().label()).append(" | ").append(c.cell().label()).append(" | ").append(c.hidden()).append(" | ");
                if (budgets) {
                    b.append(c.steps()).append(" | ");
                }
                b.append(c.settingsLabel()).append(" | ").append(s.text(shortest)).append(" | ").append(s.perSeed(shortest)).append(" |\n");
            }
        }
        if (!a.trends().isEmpty()) {
            List<Integer> steps = a.trends().get(0).budgets();
            b.append("\n## Limit against the budget (each cell at its best setting per budget)\n\n| task | cell | H |");
            steps.forEach(st -> b.append(' ').append(st).append(" steps |"));
            b.append(" verdict |\n|---|---|---|").append("---|".repeat(steps.size())).append("---|\n");
            for (LimitAnalysis.BudgetTrend t : a.trends()) {
                b.append("| ").append(t.task()).append(" | ").append(t.cell().label()).append(" | ").append(t.hidden()).append(" |");
                t.best().forEach(s -> b.append(' ').append(s == null ? "–" : s.text(shortest)).append(" |"));
                b.append(' ').append(t.verdict()).append(" |\n");
            }
        }
        b.append("\nMedian over seeds, [smallest–largest]; ≥ when a seed at the median solved the longest length tried; each cell's "
                + "best setting is the one with the highest median");
        if (plan.config().refine() > 0) {
            b.append("; limits refined by up to ").append(plan.config().refine()).append(" bisection steps between the last solved and the "
                    + "first failed length of each series (every seed's exact interval is in limits.csv)");
        }
        b.append(".\n");
        return b.toString();
    }

    /** The per-series table, then the failures if any. */
    public static String markdown(SweepPlan plan, SweepRunner.Outcome outcome, List<SeriesSummary> rows) {
        int shortest = plan.ladder().get(0);
        StringBuilder b = new StringBuilder("## Every series\n\n");
        b.append("| task | cell | H | settings | memory limit (T) | × rnn | steps at limit | grad decay/step init | trained"
                + " | clipped steps | non-finite | bytes/step | max T in ").append(plan.config().resources().heapBudgetMb())
                .append(" MB: full / TBPTT(").append(plan.config().resources().truncation()).append(") |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SeriesSummary s : rows) {
            Series se = s.series();
            b.append("| ").append(se.task().label()).append(" | ").append(se.cell().label()).append(" | ").append(se.hidden()).append(" | ")
                    .append(se.settingsLabel()).append(" | ").append(s.limitText(shortest, failedAt(plan, outcome, se))).append(" | ")
                    .append(Double.isNaN(s.ratioToRnn()) ? "–" : fmt(s.ratioToRnn()) + (s.censored() ? "+" : "")).append(" | ")
                    .append(s.memoryLimit() == 0 ? "–" : String.valueOf(s.stepsAtLimit())).append(" | ")
                    .append(fmt(s.decayInit())).append(" | ").append(fmt(s.decayTrained())).append(" | ").append(s.clippedSteps())
                    .append(" | ").append(s.nonFiniteSteps()).append(" | ").append(s.bytesPerStepText())
                    .append(" | ").append(s.maxStepsText()).append(" |\n");
        }
        b.append("\nMemory limit: the longest length solved (validation loss ≤ ").append(fmt(plan.config().solved().lossFraction()))
                .append(" × the task's baseline) before the first length that was not, within the budget's steps; ≥ when the longest"
                        + " length tried was solved. Gradient decay per step: 10^slope of log10 ‖∂L/∂s_{T−k}‖ against the lag k")
                .append(" over ").append(plan.config().gradients().length()).append(" steps (< 1 vanishing, > 1 exploding).\n");
        if (!outcome.failures().isEmpty()) {
            b.append("\n**").append(outcome.failures().size()).append(" failed** (rerun the sweep into the same folder to retry them; "
                    + "details in failures.jsonl):\n\n");
            for (SweepFolder.Failure f : outcome.failures()) {
                b.append("- ").append(f.what()).append(' ').append(f.key()).append(": ").append(oneLine(f.error())).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * A run of a sweep into its folder: when, how long, on which engine, where.
     *
     * @param started     when it started
     * @param wallSeconds its wall time
     * @param engine      where points ran ({@code local: 2 point(s) at once}, …)
     * @param environment {@link Environment#here()}
     */
    public record Run(java.time.Instant started, double wallSeconds, String engine, Map<String, String> environment) {
    }

    /**
     * The metric on the held-out test split of every series' probed point (its memory limit), with the task's
     * references (a forecast's persistence): for tasks whose metric is not the loss itself (accuracy, bits per
     * character, NRMSE); empty otherwise.
     */
    static String testMarkdown(SweepFolder folder, SweepRunner.Outcome outcome) throws IOException {
        List<PointResult> studied = new ArrayList<>();
        for (SweepRunner.SeriesOutcome so : outcome.series()) {
            for (PointResult r : so.points()) {
                if (so.studied() != null && r.point().equals(so.studied()) && !r.metrics().metric().equals("mse")) {
                    studied.add(r);
                }
            }
        }
        if (studied.isEmpty()) {
            return "";
        }
        Set<String> fps = new java.util.HashSet<>();
        studied.forEach(r -> fps.add(r.point().fingerprint()));
        Map<String, JsonNode> refs = folder.telemetry(fps, "references");
        StringBuilder b = new StringBuilder("## The metric on the test split\n\n| task | cell | H | setting | T | metric | validation | test "
                + "| references on test |\n|---|---|---|---|---|---|---|---|---|\n");
        for (PointResult r : studied) {
            Series s = r.point().series();
            JsonNode ref = refs.get(r.point().fingerprint());
            StringBuilder rs = new StringBuilder();
            if (ref != null) {
                ref.fields().forEachRemaining(e -> rs.append(rs.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(fmt(e.getValue().asDouble())));
            }
            b.append("| ").append(s.task().label()).append(" | ").append(s.cell().label()).append(" | ").append(s.hidden()).append(" | ")
                    .append(s.settingsLabel()).append(" | ").append(r.length()).append(" | ").append(r.metrics().metric()).append(" | ")
                    .append(fmt(r.metrics().validationMetric())).append(" | ").append(fmt(r.metrics().testMetric())).append(" | ")
                    .append(rs.length() == 0 ? "–" : rs).append(" |\n");
        }
        return b.append("\nEach series at the point whose trained cell was probed (its memory limit, else its last point); the test "
                + "split is evaluated once, after training, and chooses nothing.\n\n").toString();
    }

    /** Forecast charts: per task, the truth and each cell's prediction at its probed point (the series with the best test metric). */
    private static List<String> sampleCharts(SweepFolder folder, SweepRunner.Outcome outcome) throws IOException {
        Map<String, PointResult> bestPerTaskCell = new java.util.LinkedHashMap<>();
        for (SweepRunner.SeriesOutcome so : outcome.series()) {
            for (PointResult r : so.points()) {
                if (so.studied() != null && r.point().equals(so.studied())) {
                    String key = so.series().task().label() + "\u0000" + so.series().cell().label();
                    PointResult was = bestPerTaskCell.get(key);
                    if (was == null || r.metrics().testMetric() < was.metrics().testMetric()) {
                        bestPerTaskCell.put(key, r);
                    }
                }
            }
        }
        Set<String> fps = new java.util.HashSet<>();
        bestPerTaskCell.values().forEach(r -> fps.add(r.point().fingerprint()));
        Map<String, JsonNode> samples = folder.telemetry(fps, "sample");
        if (samples.isEmpty()) {
            return List.of();
        }
        Map<String, XYChart> charts = new java.util.LinkedHashMap<>();
        int ci = 0;
        for (Map.Entry<String, PointResult> e : bestPerTaskCell.entrySet()) {
            JsonNode smp = samples.get(e.getValue().point().fingerprint());
            if (smp == null) {
                continue;
            }
            String task = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
            XYChart c = charts.computeIfAbsent(task, t -> {
                XYChart x = new XYChartBuilder().width(900).height(420).title("Forecast on the test split: " + t).xAxisTitle("step of the test split")
                        .yAxisTitle("value (standardised)").build();
                Charts.style(x.getStyler());
                double[] actual = values(smp.get("actual"));
                x.getStyler().setXAxisDecimalPattern("#");
                x.getStyler().setXAxisMin(0.0);
                x.getStyler().setXAxisMax((double) actual.length);
                x.getStyler().setXAxisMaxLabelCount(11);
                org.knowm.xchart.XYSeries truth = x.addSeries("truth", index(actual.length), actual);
                truth.setMarker(SeriesMarkers.NONE);
                truth.setLineColor(java.awt.Color.BLACK);
                truth.setLineStyle(Charts.SOLID);
                return x;
            });
            double[] predicted = values(smp.get("predicted"));
            PointResult r = e.getValue();
            org.knowm.xchart.XYSeries p = c.addSeries(r.point().series().cell().label() + " (T=" + r.length() + ", nrmse "
                    + fmt(r.metrics().testMetric()) + ")", index(predicted.length), predicted);
            p.setMarker(SeriesMarkers.NONE);
            p.setLineColor(Charts.color(ci++));
            p.setLineStyle(Charts.DASHED);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, XYChart> c : charts.entrySet()) {
            out.add(Charts.save(c.getValue(), folder.dir(), "forecast_" + c.getKey().replaceAll("[^A-Za-z0-9_-]", "_")));
        }
        return out;
    }

    private static double[] values(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static double[] index(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /** Writes summary.md, limits.csv, report.html and the charts (PNG and SVG); returns the Markdown summary. */
    public static String write(SweepFolder folder, SweepPlan plan, SweepRunner.Outcome outcome, Run run) throws IOException {
        Path dir = folder.dir();
        List<SeriesSummary> rows = summarise(plan, outcome);
        LimitAnalysis limits = LimitAnalysis.of(plan, outcome);
        LimitsFile.write(dir.resolve(LimitsFile.NAME), limits);
        String md = limitsMarkdown(plan, limits) + "\n" + testMarkdown(folder, outcome) + markdown(plan, outcome, rows);
        Files.writeString(dir.resolve(SUMMARY), "# Sweep '" + plan.config().name() + "'\n\n" + md, StandardCharsets.UTF_8);
        List<String> cells = plan.cells().stream().map(org.rnnlab.experiments.sweep.plan.CellChoice::label).toList();
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(memoryChart(dir, plan, limits), "Memory limit of each cell at its best setting: the median over seeds "
                + "(bar), each seed's own limit (dots; a triangle where the seed solved the longest length tried, a lower bound)."));
        figures.add(new Figure(budgetChart(dir, limits), "The limit against the training budget, each cell at its best setting per "
                + "budget: a line still rising at the right has not converged."));
        figures.add(new Figure(gradientChart(dir, outcome, cells, "log10_grad_norm", "gradient_norms", "log10 ‖∂L/∂s(T−k)‖"),
                "How the gradient of a linear readout decays with the lag, median over the series of each cell: dashed at "
                        + "initialization, solid trained (at its memory limit)."));
        figures.add(new Figure(gradientChart(dir, outcome, cells, "log10_sigma_max", "jacobian_sigma", "log10 σmax(∂s(T)/∂s(T−k))"),
                "The largest singular value of the state Jacobian products, median over the series of each cell: dashed at "
                        + "initialization, solid trained."));
        for (String f : sampleCharts(folder, outcome)) {
            figures.add(new Figure(f, "The trained models' forecasts on the test split (first feature, standardised, at the task's furthest "
                    + "horizon: the value h steps after each window), "
                    + "each cell at the point it was probed (its memory limit), against the truth (black)."));
        }
        for (String f : trainingCharts(folder, plan, outcome)) {
            figures.add(new Figure(f, "Validation loss during training, one panel per cell: every point (all settings and seeds), "
                    + "coloured by length from dark (short) to light (long); dotted: the task's baseline (grey) and the solved threshold "
                    + "(black)."));
        }
        Files.writeString(dir.resolve(HTML), html(plan, outcome, md, rows, figures, folder.runs(), run), StandardCharsets.UTF_8);
        return md;
    }

    /** A chart of the report and what it shows. */
    private record Figure(String png, String caption) {
    }

    /**
     * Each cell at its best setting (at the largest budget): a bar at the median over seeds, and every seed's own limit
     * as a marker on it (a triangle: that seed solved the longest length, so its limit is at least that). The y axis is
     * logarithmic (log2 T, labelled with T), like the ladder; a limit below the shortest length is drawn at half of it.
     */
    private static String memoryChart(Path dir, SweepPlan plan, LimitAnalysis a) throws IOException {
        int budget = plan.config().budget().steps().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<LimitAnalysis.CellBest> shown = a.best().stream().filter(b -> b.group().steps() == budget).toList();
        boolean several = shown.stream().map(b -> b.group().task().label() + "|" + b.group().hidden()).distinct().count() > 1;
        CategoryChart c = new CategoryChartBuilder().width(900).height(460).title("Memory limit: the longest lag solved"
                + (plan.config().budget().steps().size() > 1 ? " (" + budget + " steps)" : "")).xAxisTitle("cell (median [range] over seeds)")
                .yAxisTitle("length T").build();
        Charts.style(c.getStyler());
        // Heights are log2 T, labelled with T: the ladder is geometric, and a linear axis would flatten the short limits.
        c.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.valueOf(Math.round(Math.pow(2, v))));
        c.getStyler().setYAxisMin(0.0);
        double floor = a.shortest() / 2.0;
        List<String> categories = new ArrayList<>();
        List<Number> medians = new ArrayList<>();
        int seeds = 0;
        for (LimitAnalysis.CellBest b : shown) {
            categories.add(label(b.group(), several, " " + b.best().text(a.shortest())));
            double m = b.best().median();
            medians.add(Double.isNaN(m) ? null : log2(Math.max(m, floor)));
            seeds = Math.max(seeds, b.best().seeds().size());
        }
        c.addSeries("median over seeds", categories, medians).setFillColor(new java.awt.Color(0x56, 0xB4, 0xE9));
        for (int k = 0; k < seeds; k++) {
            List<Number> exact = new ArrayList<>();
            List<Number> atLeast = new ArrayList<>();
            for (LimitAnalysis.CellBest b : shown) {
                List<LimitAnalysis.SeriesLimit> ss = b.best().seeds();
                LimitAnalysis.SeriesLimit l = k < ss.size() && !ss.get(k).failed() ? ss.get(k) : null;
                exact.add(l == null || l.censored() ? null : log2(Math.max(l.limit(), floor)));
                atLeast.add(l == null || !l.censored() ? null : log2(l.limit()));
            }
            org.knowm.xchart.CategorySeries e = c.addSeries(k == 0 ? "a seed" : "seed " + (k + 1), categories, exact);
            e.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
            e.setOverlapped(true);
            e.setMarker(SeriesMarkers.CIRCLE);
            e.setMarkerColor(java.awt.Color.BLACK);
            e.setShowInLegend(k == 0);
            org.knowm.xchart.CategorySeries g = c.addSeries(k == 0 ? "a seed that solved the longest length (≥)" : "seed " + (k + 1) + " ≥",
                    categories, atLeast);
            g.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
            g.setOverlapped(true);
            g.setMarker(SeriesMarkers.TRIANGLE_UP);
            g.setMarkerColor(new java.awt.Color(0xD5, 0x5E, 0x00));
            g.setShowInLegend(k == 0);
        }
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        return Charts.save(c, dir, "memory_limit");
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static String label(Series.Group g, boolean several, String suffix) {
        return g.cell().label() + (several ? " " + g.task().label() + " h" + g.hidden() : "") + suffix;
    }

    private static String budgetChart(Path dir, LimitAnalysis a) throws IOException {
        if (a.trends().isEmpty()) {
            return null;
        }
        XYChart c = new XYChartBuilder().width(900).height(460).title("Memory limit against the training budget")
                .xAxisTitle("optimizer steps per point").yAxisTitle("length T (median over seeds)").build();
        Charts.style(c.getStyler());
        c.getStyler().setXAxisDecimalPattern("#");
        c.getStyler().setYAxisDecimalPattern("#");
        int i = 0;
        for (LimitAnalysis.BudgetTrend t : a.trends()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (int k = 0; k < t.budgets().size(); k++) {
                LimitAnalysis.SettingLimit s = t.best().get(k);
                if (s != null && !Double.isNaN(s.median())) {
                    xs.add((double) t.budgets().get(k));
                    ys.add(s.median());
                    es.add(Math.max(s.median() - s.min(), s.max() - s.median()));
                }
            }
            if (!xs.isEmpty()) {
                org.knowm.xchart.XYSeries series = c.addSeries(t.cell().label() + " " + t.task() + " h" + t.hidden(), xs, ys, es);
                series.setLineColor(Charts.color(i));
                series.setMarkerColor(Charts.color(i));
                series.setLineStyle(Charts.SOLID);
            }
            i++;
        }
        return Charts.save(c, dir, "limit_vs_budget");
    }

    /** Median over the probes of each (cell, phase): one dashed line at initialization and one solid trained line per cell. */
    private static String gradientChart(Path dir, SweepRunner.Outcome outcome, List<String> cells, String field, String name, String yTitle)
            throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(460).title(yTitle + " against the lag k").xAxisTitle("lag k (steps)")
                .yAxisTitle(yTitle).build();
        Charts.style(c.getStyler());
        c.getStyler().setXAxisDecimalPattern("#");
        c.getStyler().setXAxisMaxLabelCount(12);
        int from = field.equals("log10_sigma_max") ? 1 : 0;
        for (int ci = 0; ci < cells.size(); ci++) {
            for (String phase : List.of("init", "trained")) {
                List<double[]> curves = new ArrayList<>();
                for (JsonNode n : outcome.probes().values()) {
                    if ("gradients".equals(n.path("type").asText()) && n.path("cell").asText().equals(cells.get(ci))
                            && n.path("phase").asText().equals(phase) && n.has(field)) {
                        JsonNode v = n.get(field);
                        double[] ys = new double[v.size()];
                        for (int i = 0; i < ys.length; i++) {
                            ys[i] = Math.max(v.get(i).asDouble(), -350);
                        }
                        curves.add(ys);
                    }
                }
                if (curves.isEmpty() || curves.get(0).length <= from) {
                    continue;
                }
                int len = curves.stream().mapToInt(a -> a.length).min().orElse(0);
                double[] xs = new double[len - from];
                double[] ys = new double[len - from];
                for (int i = from; i < len; i++) {
                    double[] at = new double[curves.size()];
                    for (int k = 0; k < at.length; k++) {
                        at[k] = curves.get(k)[i];
                    }
                    java.util.Arrays.sort(at);
                    xs[i - from] = i;
                    ys[i - from] = at.length % 2 == 1 ? at[at.length / 2] : (at[at.length / 2 - 1] + at[at.length / 2]) / 2;
                }
                if (phase.equals("init")) {
                    // XChart restarts a dash pattern at every segment: a dashed curve needs segments longer than its dashes.
                    int every = Math.max(1, (xs.length + 24) / 25);
                    int n = (xs.length + every - 1) / every;
                    double[] sx = new double[n];
                    double[] sy = new double[n];
                    for (int i = 0; i < n; i++) {
                        int at = Math.min(i * every, xs.length - 1);
                        sx[i] = xs[at];
                        sy[i] = ys[at];
                    }
                    sx[n - 1] = xs[xs.length - 1];
                    sy[n - 1] = ys[ys.length - 1];
                    xs = sx;
                    ys = sy;
                }
                org.knowm.xchart.XYSeries series = c.addSeries(cells.get(ci) + " " + phase + (curves.size() > 1 ? " (median of "
                        + curves.size() + ")" : ""), xs, ys);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(Charts.color(ci));
                series.setLineStyle(phase.equals("init") ? Charts.DASHED : Charts.SOLID);
            }
        }
        return Charts.save(c, dir, name);
    }

    /** Small multiples: one panel per task and cell, every point's validation curve coloured by its length. */
    private static List<String> trainingCharts(SweepFolder folder, SweepPlan plan, SweepRunner.Outcome outcome) throws IOException {
        Set<String> fps = new java.util.HashSet<>();
        outcome.results().forEach(r -> fps.add(r.point().fingerprint()));
        Map<String, JsonNode> curves = folder.evaluations(fps);
        Map<List<String>, List<PointResult>> panels = new java.util.LinkedHashMap<>();
        for (PointResult r : outcome.results()) {
            Series s = r.point().series();
            panels.computeIfAbsent(List.of(s.task().label(), s.cell().label()), k -> new ArrayList<>()).add(r);
        }
        List<Integer> lengths = new ArrayList<>(new java.util.TreeSet<>(outcome.results().stream().map(PointResult::length).toList()));
        List<String> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<PointResult>> panel : panels.entrySet()) {
            String[] key = panel.getKey().toArray(String[]::new);
            XYChart c = new XYChartBuilder().width(900).height(420).title("Training: " + key[1] + " on " + key[0]).xAxisTitle("step")
                    .yAxisTitle("log10 validation loss").build();
            Charts.style(c.getStyler());
            c.getStyler().setXAxisDecimalPattern("#");
            Set<Integer> shown = new java.util.HashSet<>();
            Set<Double> baselines = new java.util.TreeSet<>();
            double maxStep = 0;
            int n = 0;
            List<PointResult> byLength = new ArrayList<>(panel.getValue());
            byLength.sort(java.util.Comparator.comparingInt(PointResult::length)); // the legend lists lengths in order
            for (PointResult r : byLength) {
                JsonNode ev = curves.get(r.point().fingerprint());
                baselines.add(r.metrics().baseline());
                if (ev == null || ev.isEmpty()) {
                    continue;
                }
                double[] xs = new double[ev.size()];
                double[] ys = new double[ev.size()];
                for (int i = 0; i < ev.size(); i++) {
                    xs[i] = ev.get(i).get(0).asDouble();
                    ys[i] = Math.log10(Math.max(ev.get(i).get(1).asDouble(), 1e-12));
                    maxStep = Math.max(maxStep, xs[i]);
                }
                int li = lengths.indexOf(r.length());
                org.knowm.xchart.XYSeries series = c.addSeries("T=" + r.length() + (shown.contains(r.length()) ? " #" + n : ""), xs, ys);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(Charts.sequential(li, lengths.size()));
                series.setLineStyle(Charts.SOLID);
                series.setShowInLegend(shown.add(r.length()));
                n++;
            }
            if (c.getSeriesMap().isEmpty()) {
                continue;
            }
            double fraction = plan.config().solved().lossFraction();
            for (double b : baselines) {
                reference(c, "baseline " + fmt(b), new double[] {0, maxStep}, Math.log10(b), java.awt.Color.GRAY);
                reference(c, "solved below " + fmt(fraction * b), new double[] {0, maxStep}, Math.log10(fraction * b), java.awt.Color.BLACK);
            }
            String name = "training_" + (key[0] + "_" + key[1]).replaceAll("[^A-Za-z0-9_-]", "_");
            out.add(Charts.save(c, folder.dir(), name));
        }
        return out;
    }

    private static void reference(XYChart c, String name, double[] xs, double y, java.awt.Color color) {
        if (c.getSeriesMap().containsKey(name)) {
            return;
        }
        org.knowm.xchart.XYSeries s = c.addSeries(name, xs, new double[] {y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(Charts.DOTTED);
    }

    private static String html(SweepPlan plan, SweepRunner.Outcome outcome, String md, List<SeriesSummary> rows, List<Figure> figures,
                               List<JsonNode> runs, Run run) {
        int shortest = plan.ladder().get(0);
        String limitsMd = md.substring(0, md.indexOf("## Every series"));
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>rnnlab sweep ")
                .append(esc(plan.config().name())).append("</title><style>body{font-family:sans-serif;max-width:1150px;margin:2em auto;"
                        + "padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #bbb;"
                        + "padding:3px 7px;text-align:right;font-size:13px}td:nth-child(-n+4),th{text-align:left}th{background:#f3f3f3}"
                        + "figure{margin:1.5em 0}figure img{max-width:100%}figcaption{font-size:13px;color:#444}.failed{color:#a00}"
                        + "table.md td{text-align:left}pre{background:#f6f6f6;padding:.8em;overflow:auto;font-size:12px}dl{display:grid;grid-template-columns:max-content"
                        + " auto;gap:2px 14px;font-size:13px}dt{font-weight:bold}nav a{margin-right:1em}</style></head><body>")
                .append("<h1>rnnlab sweep '").append(esc(plan.config().name())).append("'</h1>")
                .append("<p>Tasks ").append(esc(plan.config().tasks().stream().map(org.rnnlab.experiments.sweep.Component::label)
                        .collect(java.util.stream.Collectors.joining(", ")))).append("; cells ")
                .append(esc(plan.cells().stream().map(org.rnnlab.experiments.sweep.plan.CellChoice::label)
                        .collect(java.util.stream.Collectors.joining(", ")))).append("; lengths ").append(plan.ladder()).append("; budget ")
                .append(plan.config().budget().steps().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")))
                .append(" steps of ").append(plan.config().budget().batch()).append("; seeds ").append(plan.config().seeds()).append("; ")
                .append(plan.precision().id()).append(". Last run ").append(esc(run.started().toString())).append(", ")
                .append(String.format(Locale.ROOT, "%.1f", run.wallSeconds())).append(" s wall time on ").append(esc(run.engine()))
                .append(runs.size() > 1 ? String.format(Locale.ROOT, "; %.1f s over the %d runs that wrote this folder", runs.stream()
                        .mapToDouble(r -> r.path("wall_s").asDouble()).sum(), runs.size()) : "")
                .append(".</p><nav><a href=\"#limits\">Limits</a><a href=\"#figures\">Figures</a><a href=\"#series\">Every series</a>"
                        + "<a href=\"#config\">Configuration</a><a href=\"#environment\">Environment</a><a href=\"#files\">Files</a></nav>");
        if (!outcome.failures().isEmpty()) {
            b.append("<div class=\"failed\"><h2>").append(outcome.failures().size())
                    .append(" failed</h2><p>Rerun the sweep into the same folder to retry them; details in failures.jsonl.</p><ul>");
            for (SweepFolder.Failure f : outcome.failures()) {
                b.append("<li>").append(esc(f.what() + " " + f.key() + ": " + oneLine(f.error()))).append("</li>");
            }
            b.append("</ul></div>");
        }
        b.append("<section id=\"limits\">").append(MarkdownTables.toHtml(limitsMd)).append("</section>");
        b.append("<section id=\"figures\"><h2>Figures</h2>");
        for (Figure f : figures) {
            if (f.png() != null) {
                String svg = f.png().replace(".png", ".svg");
                b.append("<figure><img src=\"").append(f.png()).append("\" alt=\"").append(esc(f.caption())).append("\"><figcaption>")
                        .append(esc(f.caption())).append(" <a href=\"").append(svg).append("\">SVG</a></figcaption></figure>");
            }
        }
        b.append("</section><section id=\"series\"><h2>Every series</h2><table><tr><th>task</th><th>cell</th><th>H</th><th>settings</th>"
                + "<th>memory limit</th><th>× rnn</th><th>steps at limit</th><th>grad decay/step (init)</th><th>(trained)</th>"
                + "<th>clipped</th><th>non-finite</th><th>bytes/step</th><th>max T: full / TBPTT</th></tr>");
        for (SeriesSummary s : rows) {
            Series se = s.series();
            b.append("<tr><td>").append(esc(se.task().label())).append("</td><td>").append(esc(se.cell().label())).append("</td><td>")
                    .append(se.hidden()).append("</td><td>").append(esc(se.settingsLabel())).append("</td><td>")
                    .append(esc(s.limitText(shortest, failedAt(plan, outcome, se)))).append("</td><td>")
                    .append(Double.isNaN(s.ratioToRnn()) ? "–" : fmt(s.ratioToRnn()) + (s.censored() ? "+" : "")).append("</td><td>")
                    .append(s.memoryLimit() == 0 ? "–" : String.valueOf(s.stepsAtLimit())).append("</td><td>").append(fmt(s.decayInit()))
                    .append("</td><td>").append(fmt(s.decayTrained())).append("</td><td>").append(s.clippedSteps()).append("</td><td>")
                    .append(s.nonFiniteSteps()).append("</td><td>").append(esc(s.bytesPerStepText()))
                    .append("</td><td>").append(esc(s.maxStepsText()))
                    .append("</td></tr>");
        }
        int legend = md.indexOf("\nMemory limit: the longest") + 1;
        int failures = md.indexOf("\n**");
        b.append("</table><p>").append(esc(failures < 0 ? md.substring(legend) : md.substring(legend, failures))).append("</p></section>");
        b.append("<section id=\"config\"><h2>Configuration</h2><p>The sweep as it ran, every default filled in: rerun it with "
                + "<code>./rnnlab sweep --config sweep.yaml</code> after saving this as sweep.yaml.</p><pre>").append(esc(yaml(plan)))
                .append("</pre></section>");
        b.append("<section id=\"environment\"><h2>Environment</h2>");
        List<JsonNode> all = runs.isEmpty() ? List.of() : runs;
        b.append("<p>").append(all.size()).append(" run(s) wrote this folder; the last:</p><dl>");
        b.append("<dt>started</dt><dd>").append(esc(run.started().toString())).append("</dd><dt>wall time</dt><dd>")
                .append(String.format(Locale.ROOT, "%.1f s", run.wallSeconds())).append("</dd><dt>engine</dt><dd>").append(esc(run.engine()))
                .append("</dd><dt>backends</dt><dd>").append(esc(String.join(", ", new java.util.TreeSet<>(outcome.results().stream()
                        .map(r -> r.run().backend()).toList())))).append("</dd>");
        run.environment().forEach((k, v) -> b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>"));
        b.append("</dl>");
        if (all.size() > 1) {
            b.append("<table><tr><th>run started</th><th>wall s</th><th>engine</th><th>commit</th></tr>");
            for (JsonNode r : all) {
                b.append("<tr><td>").append(esc(r.path("started").asText())).append("</td><td>").append(esc(r.path("wall_s").asText()))
                        .append("</td><td>").append(esc(r.path("engine").asText())).append("</td><td>")
                        .append(esc(r.path("environment").path("rnnlab commit").asText())).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("</section><section id=\"files\"><h2>Files</h2><ul>");
        for (String[] f : new String[][] {{"results.csv", "one row per trained point"}, {"limits.csv", "one row per series: every seed's "
                + "limit"}, {"summary.md", "the tables above"}, {"telemetry.jsonl", "per-step loss, learning rate, gradient norms"},
            {"probes.jsonl", "gradient and memory probes"}, {"failures.jsonl", "what failed in the last run"}, {"sweep.json", "the shared "
                + "settings, the config and every run"}, {"checkpoints/", "trained parameters (safetensors), by point fingerprint"}}) {
            if (f[0].equals("failures.jsonl") && outcome.failures().isEmpty()) {
                continue; // written only when something failed
            }
            b.append("<li><a href=\"").append(f[0]).append("\">").append(f[0]).append("</a>: ").append(esc(f[1])).append("</li>");
        }
        b.append("</ul></section></body></html>\n");
        return b.toString();
    }

    private static String yaml(SweepPlan plan) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                    .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(plan.config());
        } catch (IOException e) {
            return "(cannot be written: " + e.getMessage() + ")";
        }
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 1 ? "%.2f" : "%.3f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
