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
import org.knowm.xchart.BitmapEncoder;
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
                    mem == null ? -1 : mem.path("max_steps_truncated").asLong()));
        }
        List<SeriesSummary> withRatio = new ArrayList<>();
        for (SeriesSummary s : out) {
            Integer rnn = limits.get(s.series().withCell(s.series().cell().withKind(CellKinds.RNN)));
            boolean comparable = rnn != null && rnn > 0 && !s.failed();
            double ratio = comparable ? (double) s.memoryLimit() / rnn : Double.NaN;
            withRatio.add(new SeriesSummary(s.series(), s.memoryLimit(), s.censored(), s.failed(), s.stepsAtLimit(), ratio, s.decayInit(),
                    s.decayTrained(), s.clippedSteps(), s.nonFiniteSteps(), s.bytesPerStep(), s.maxStepsFull(), s.maxStepsTbptt()));
        }
        return withRatio;
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
            b.append("| ").append(c.group().task()).append(" | ").append(c.group().cell().label()).append(" | ").append(c.group().hidden())
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
                b.append("| ").append(c.task()).append(" | ").append(c.cell().label()).append(" | ").append(c.hidden()).append(" | ");
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
            b.append("| ").append(se.task()).append(" | ").append(se.cell().label()).append(" | ").append(se.hidden()).append(" | ")
                    .append(se.settingsLabel()).append(" | ").append(s.limitText(shortest, failedAt(plan, outcome, se))).append(" | ")
                    .append(Double.isNaN(s.ratioToRnn()) ? "–" : fmt(s.ratioToRnn()) + (s.censored() ? "+" : "")).append(" | ")
                    .append(s.memoryLimit() == 0 ? "–" : String.valueOf(s.stepsAtLimit())).append(" | ")
                    .append(fmt(s.decayInit())).append(" | ").append(fmt(s.decayTrained())).append(" | ").append(s.clippedSteps())
                    .append(" | ").append(s.nonFiniteSteps()).append(" | ").append(s.bytesPerStep() < 0 ? "–" : s.bytesPerStep())
                    .append(" | ").append(s.maxStepsFull() < 0 ? "–" : s.maxStepsFull() + " / " + s.maxStepsTbptt()).append(" |\n");
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

    /** Writes summary.md, report.html and the charts; returns the Markdown summary. */
    public static String write(SweepFolder folder, SweepPlan plan, SweepRunner.Outcome outcome) throws IOException {
        Path dir = folder.dir();
        List<SeriesSummary> rows = summarise(plan, outcome);
        LimitAnalysis limits = LimitAnalysis.of(plan, outcome);
        LimitsFile.write(dir.resolve(LimitsFile.NAME), limits);
        String md = limitsMarkdown(plan, limits) + "\n" + markdown(plan, outcome, rows);
        Files.writeString(dir.resolve(SUMMARY), "# Sweep '" + plan.config().name() + "'\n\n" + md, StandardCharsets.UTF_8);
        List<String> charts = new ArrayList<>();
        charts.add(memoryChart(dir, plan, limits));
        charts.add(budgetChart(dir, limits));
        charts.add(gradientChart(dir, outcome, "log10_grad_norm", "gradient_norms", "log10 ‖∂L/∂s(T−k)‖"));
        charts.add(gradientChart(dir, outcome, "log10_sigma_max", "jacobian_sigma", "log10 σmax(∂s(T)/∂s(T−k))"));
        charts.add(trainingChart(folder, outcome));
        Files.writeString(dir.resolve(HTML), html(plan, outcome, md, rows, charts), StandardCharsets.UTF_8);
        return md;
    }

    private static String memoryChart(Path dir, SweepPlan plan, LimitAnalysis a) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(900).height(480).title("Memory limit: longest lag solved (median over seeds; "
                + "whisker: the farthest seed)").xAxisTitle("cell").yAxisTitle("length T").build();
        List<String> x = new ArrayList<>();
        List<Number> y = new ArrayList<>();
        List<Number> err = new ArrayList<>();
        boolean many = a.best().stream().map(b -> b.group().task() + b.group().hidden() + "|" + b.group().steps()).distinct().count() > 1;
        Set<String> labels = new LinkedHashSet<>();
        for (LimitAnalysis.CellBest b : a.best()) {
            Series.Group g = b.group();
            String label = many ? g.cell().label() + " " + g.task() + " h" + g.hidden() + " " + g.steps() + "st" : g.cell().label();
            while (!labels.add(label)) {
                label = label + "'";
            }
            double m = b.best().median();
            x.add(label);
            y.add(Double.isNaN(m) ? 0 : m);
            // XChart draws symmetric error bars: half the range around the median's midpoint would misplace them, so the
            // bar shows the larger distance from the median to an end of the range.
            err.add(Double.isNaN(m) ? 0 : Math.max(m - b.best().min(), b.best().max() - m));
        }
        c.addSeries("memory limit", x, y, err);
        c.getStyler().setLegendVisible(false);
        return save(c, dir, "memory_limit");
    }

    private static String budgetChart(Path dir, LimitAnalysis a) throws IOException {
        if (a.trends().isEmpty()) {
            return null;
        }
        XYChart c = new XYChartBuilder().width(900).height(480).title("Memory limit against the training budget (median over seeds)")
                .xAxisTitle("optimizer steps per point").yAxisTitle("length T").build();
        for (LimitAnalysis.BudgetTrend t : a.trends()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (int i = 0; i < t.budgets().size(); i++) {
                LimitAnalysis.SettingLimit s = t.best().get(i);
                if (s != null && !Double.isNaN(s.median())) {
                    xs.add((double) t.budgets().get(i));
                    ys.add(s.median());
                    es.add(Math.max(s.median() - s.min(), s.max() - s.median()));
                }
            }
            if (!xs.isEmpty()) {
                c.addSeries(t.cell().label() + " " + t.task() + " h" + t.hidden(), xs, ys, es);
            }
        }
        return save(c, dir, "limit_vs_budget");
    }

    private static String gradientChart(Path dir, SweepRunner.Outcome outcome, String field, String name, String yTitle) throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(480).title(yTitle + " against lag k").xAxisTitle("lag k (steps)")
                .yAxisTitle(yTitle).build();
        for (JsonNode n : outcome.probes().values()) {
            if (!"gradients".equals(n.path("type").asText())) {
                continue;
            }
            JsonNode v = n.get(field);
            int from = field.equals("log10_sigma_max") ? 1 : 0;
            if (v == null || v.size() <= from) {
                continue;
            }
            double[] xs = new double[v.size() - from];
            double[] ys = new double[v.size() - from];
            for (int i = from; i < v.size(); i++) {
                xs[i - from] = i;
                ys[i - from] = Math.max(v.get(i).asDouble(), -350);
            }
            String label = n.path("cell").asText() + " h" + n.path("hidden").asText() + " " + n.path("phase").asText()
                    + (n.path("trained_length").asInt() > 0 ? " (T=" + n.path("trained_length").asInt() + ")" : "");
            if (!c.getSeriesMap().containsKey(label)) {
                c.addSeries(label, xs, ys).setMarker(SeriesMarkers.NONE);
            }
        }
        return save(c, dir, name);
    }

    private static String trainingChart(SweepFolder folder, SweepRunner.Outcome outcome) throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(520).title("Training curves: validation loss").xAxisTitle("step")
                .yAxisTitle("log10 validation loss").build();
        Set<String> fps = new java.util.HashSet<>();
        outcome.results().forEach(r -> fps.add(r.point().fingerprint()));
        Map<String, JsonNode> curves = folder.evaluations(fps);
        for (PointResult r : outcome.results()) {
            JsonNode ev = curves.get(r.point().fingerprint());
            if (ev == null || ev.isEmpty()) {
                continue;
            }
            double[] xs = new double[ev.size()];
            double[] ys = new double[ev.size()];
            for (int i = 0; i < ev.size(); i++) {
                xs[i] = ev.get(i).get(0).asDouble();
                ys[i] = Math.log10(Math.max(ev.get(i).get(1).asDouble(), 1e-12));
            }
            Series s = r.point().series();
            String label = s.cell().label() + " " + s.task() + " T=" + r.length() + " h" + s.hidden() + " s" + s.seed();
            if (!c.getSeriesMap().containsKey(label)) {
                c.addSeries(label, xs, ys).setMarker(SeriesMarkers.NONE);
            }
        }
        return save(c, folder.dir(), "training_curves");
    }

    private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name + ".png";
    }

    private static String html(SweepPlan plan, SweepRunner.Outcome outcome, String md, List<SeriesSummary> rows, List<String> charts) {
        String limitsMd = md.substring(0, md.indexOf("## Every series"));
        int shortest = plan.ladder().get(0);
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>rnnlab sweep ")
                .append(esc(plan.config().name())).append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
                        + "td:nth-child(-n+4),th{text-align:left}img{max-width:100%;margin:1em 0}.failed{color:#a00}</style></head><body>")
                .append("<h1>rnnlab sweep '").append(esc(plan.config().name())).append("'</h1>")
                .append("<p>Tasks ").append(esc(String.join(", ", plan.config().tasks()))).append("; cells ")
                .append(esc(String.join(", ", plan.config().cells()))).append("; lengths ").append(plan.ladder()).append("; budget ")
                .append(plan.config().budget().steps().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")))
                .append(" steps of ").append(plan.config().budget().batch()).append("; ")
                .append(plan.precision().id()).append(".</p>").append(MarkdownTables.toHtml(limitsMd))
                .append("<h2>Every series</h2><table><tr><th>task</th><th>cell</th><th>H</th><th>settings</th>"
                        + "<th>memory limit</th><th>× rnn</th><th>steps at limit</th><th>grad decay/step (init)</th><th>(trained)</th>"
                        + "<th>clipped</th><th>non-finite</th><th>bytes/step</th><th>max T: full / TBPTT</th></tr>");
        for (SeriesSummary s : rows) {
            Series se = s.series();
            b.append("<tr><td>").append(esc(se.task())).append("</td><td>").append(esc(se.cell().label())).append("</td><td>")
                    .append(se.hidden()).append("</td><td>").append(esc(se.settingsLabel())).append("</td><td>")
                    .append(esc(s.limitText(shortest, failedAt(plan, outcome, se)))).append("</td><td>")
                    .append(Double.isNaN(s.ratioToRnn()) ? "–" : fmt(s.ratioToRnn()) + (s.censored() ? "+" : "")).append("</td><td>")
                    .append(s.memoryLimit() == 0 ? "–" : String.valueOf(s.stepsAtLimit())).append("</td><td>").append(fmt(s.decayInit()))
                    .append("</td><td>").append(fmt(s.decayTrained())).append("</td><td>").append(s.clippedSteps()).append("</td><td>")
                    .append(s.nonFiniteSteps()).append("</td><td>").append(s.bytesPerStep() < 0 ? "–" : String.valueOf(s.bytesPerStep()))
                    .append("</td><td>").append(s.maxStepsFull() < 0 ? "–" : s.maxStepsFull() + " / " + s.maxStepsTbptt())
                    .append("</td></tr>");
        }
        int legend = md.indexOf("\nMemory limit: the longest") + 1;
        int failures = md.indexOf("\n**");
        b.append("</table><p>").append(esc(failures < 0 ? md.substring(legend) : md.substring(legend, failures))).append("</p>");
        if (!outcome.failures().isEmpty()) {
            b.append("<div class=\"failed\"><h2>").append(outcome.failures().size())
                    .append(" failed</h2><p>Rerun the sweep into the same folder to retry them; details in failures.jsonl.</p><ul>");
            for (SweepFolder.Failure f : outcome.failures()) {
                b.append("<li>").append(esc(f.what() + " " + f.key() + ": " + oneLine(f.error()))).append("</li>");
            }
            b.append("</ul></div>");
        }
        for (String c : charts) {
            if (c != null) {
                b.append("<img src=\"").append(c).append("\" alt=\"").append(c).append("\">");
            }
        }
        b.append("<p>Data: results.csv (one row per point), limits.csv (one row per series), telemetry.jsonl (per-step telemetry), probes.jsonl (gradient and memory"
                + " probes), checkpoints/ (trained parameters, safetensors), sweep.json (the settings and the config that ran).</p>"
                + "</body></html>\n");
        return b.toString();
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
