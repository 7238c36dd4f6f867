package org.rnnlab.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnnlab.experiments.sweep.PointResult;
import org.rnnlab.experiments.sweep.SweepConfig;
import org.rnnlab.experiments.sweep.SweepRunner;

/**
 * Writes a sweep's report: {@code summary.md} (also printed), {@code report.html}, and PNG charts: the memory limit
 * per architecture, log10 gradient norm against lag per architecture (at initialization and after training), the
 * largest singular value of the Jacobian products, and the training curves.
 */
public final class SweepReport {
    /** The summary table in Markdown. */
    public static final String SUMMARY = "summary.md";
    /** The HTML report. */
    public static final String HTML = "report.html";

    private SweepReport() {
    }

    /** Summarises every series of the outcome. */
    public static List<SeriesSummary> summarise(SweepConfig config, SweepRunner.Outcome outcome) {
        Map<String, List<PointResult>> bySeries = new LinkedHashMap<>();
        for (PointResult r : outcome.results()) {
            bySeries.computeIfAbsent(r.id().substring(0, r.id().lastIndexOf("|T=")), k -> new ArrayList<>()).add(r);
        }
        int longest = config.lengths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<String, Integer> limits = new LinkedHashMap<>();
        List<SeriesSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<PointResult>> e : bySeries.entrySet()) {
            List<PointResult> rs = e.getValue();
            rs.sort(java.util.Comparator.comparingInt(PointResult::length));
            int limit = 0;
            long steps = 0;
            for (PointResult r : rs) {
                if (!r.solved()) {
                    break;
                }
                limit = r.length();
                steps = r.steps();
            }
            limits.put(e.getKey(), limit);
            PointResult first = rs.get(0);
            JsonNode init = outcome.probes().get("gradients|init|" + e.getKey());
            JsonNode trained = outcome.probes().get("gradients|trained|" + e.getKey());
            String kind = first.cell().startsWith("bi-") ? first.cell().substring(3) : first.cell();
            JsonNode mem = outcome.probes().get("memory|cell=" + kind + "|hidden=" + first.hidden() + "|input="
                    + org.rnnlab.experiments.tasks.Tasks.byName(first.task()).inputSize() + "|batch=" + config.budget().batch());
            out.add(new SeriesSummary(e.getKey(), first.task(), first.cell(), first.hidden(),
                    first.optimizer() + ", " + first.clipping() + ", " + first.init() + ", seed " + first.seed(), limit, limit == longest, steps,
                    Double.NaN, init == null ? Double.NaN : init.path("decay_per_step").asDouble(),
                    trained == null ? Double.NaN : trained.path("decay_per_step").asDouble(),
                    rs.stream().mapToLong(PointResult::clippedSteps).sum(), rs.stream().mapToLong(PointResult::nonFiniteSteps).sum(),
                    mem == null ? -1 : mem.path("measured_bytes_per_step").asLong(), mem == null ? -1 : mem.path("max_steps_full").asLong(),
                    mem == null ? -1 : mem.path("max_steps_truncated").asLong()));
        }
        List<SeriesSummary> withRatio = new ArrayList<>();
        for (SeriesSummary s : out) {
            String rnnKey = s.series().replace("|cell=" + s.cell() + "|", "|cell=" + (s.cell().startsWith("bi-") ? "bi-rnn" : "rnn") + "|");
            Integer rnn = limits.get(rnnKey);
            double ratio = rnn == null || rnn == 0 ? Double.NaN : (double) s.memoryLimit() / rnn;
            withRatio.add(new SeriesSummary(s.series(), s.task(), s.cell(), s.hidden(), s.label(), s.memoryLimit(), s.censored(),
                    s.stepsAtLimit(), ratio, s.decayInit(), s.decayTrained(), s.clippedSteps(), s.nonFiniteSteps(), s.bytesPerStep(),
                    s.maxStepsFull(), s.maxStepsTbptt()));
        }
        return withRatio;
    }

    /** The summary as a Markdown table. */
    public static String markdown(SweepConfig config, List<SeriesSummary> rows) {
        int shortest = config.lengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        StringBuilder b = new StringBuilder();
        b.append("| task | cell | H | settings | memory limit (T) | × rnn | steps at limit | grad decay/step init | trained"
                + " | clipped steps | non-finite | bytes/step | max T in ").append(config.resources().heapBudgetMb())
                .append(" MB: full / TBPTT(").append(config.resources().truncation()).append(") |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SeriesSummary s : rows) {
            b.append("| ").append(s.task()).append(" | ").append(s.cell()).append(" | ").append(s.hidden()).append(" | ").append(s.label())
                    .append(" | ").append(s.limitText(shortest)).append(" | ")
                    .append(Double.isNaN(s.ratioToRnn()) ? "–" : fmt(s.ratioToRnn()) + (s.censored() ? "+" : "")).append(" | ")
                    .append(s.memoryLimit() == 0 ? "–" : String.valueOf(s.stepsAtLimit())).append(" | ")
                    .append(fmt(s.decayInit())).append(" | ").append(fmt(s.decayTrained())).append(" | ").append(s.clippedSteps())
                    .append(" | ").append(s.nonFiniteSteps()).append(" | ").append(s.bytesPerStep() < 0 ? "–" : s.bytesPerStep())
                    .append(" | ").append(s.maxStepsFull() < 0 ? "–" : s.maxStepsFull() + " / " + s.maxStepsTbptt()).append(" |\n");
        }
        b.append("\nMemory limit: the longest length solved (validation loss ≤ ").append(fmt(config.solved().lossFraction()))
                .append(" × the task's baseline) before the first length that was not, within ").append(config.budget().steps())
                .append(" steps; ≥ when the longest length tried was solved. Gradient decay per step: 10^slope of log10 ‖∂L/∂s_{T−k}‖ against the lag k")
                .append(" over ").append(config.gradients().length()).append(" steps (< 1 vanishing, > 1 exploding).\n");
        return b.toString();
    }

    /** Writes summary.md, report.html and the charts; returns the Markdown summary. */
    public static String write(Path dir, SweepConfig config, SweepRunner.Outcome outcome) throws IOException {
        List<SeriesSummary> rows = summarise(config, outcome);
        String md = markdown(config, rows);
        Files.writeString(dir.resolve(SUMMARY), "# Sweep '" + config.name() + "'\n\n" + md, StandardCharsets.UTF_8);
        List<String> charts = new ArrayList<>();
        charts.add(memoryChart(dir, config, rows));
        charts.add(gradientChart(dir, outcome, "log10_grad_norm", "gradient_norms", "log10 ‖∂L/∂s(T−k)‖"));
        charts.add(gradientChart(dir, outcome, "log10_sigma_max", "jacobian_sigma", "log10 σmax(∂s(T)/∂s(T−k))"));
        charts.add(trainingChart(dir, outcome));
        Files.writeString(dir.resolve(HTML), html(config, md, rows, charts), StandardCharsets.UTF_8);
        return md;
    }

    private static String memoryChart(Path dir, SweepConfig config, List<SeriesSummary> rows) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(900).height(480).title("Memory limit: longest lag solved")
                .xAxisTitle("architecture").yAxisTitle("length T").build();
        List<String> x = new ArrayList<>();
        List<Number> y = new ArrayList<>();
        for (SeriesSummary s : rows) {
            x.add(rows.size() > config.cells().size() ? s.cell() + " " + s.task() + " h" + s.hidden() + " #" + x.size() : s.cell());
            y.add(s.memoryLimit());
        }
        c.addSeries("memory limit", x, y);
        c.getStyler().setLegendVisible(false);
        return save(c, dir, "memory_limit");
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

    private static String trainingChart(Path dir, SweepRunner.Outcome outcome) throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(520).title("Training curves: validation loss").xAxisTitle("step")
                .yAxisTitle("log10 validation loss").build();
        Map<String, JsonNode> telemetry = telemetry(dir);
        for (PointResult r : outcome.results()) {
            JsonNode t = telemetry.get(r.id());
            if (t == null || !t.has("evaluations") || t.get("evaluations").isEmpty()) {
                continue;
            }
            JsonNode ev = t.get("evaluations");
            double[] xs = new double[ev.size()];
            double[] ys = new double[ev.size()];
            for (int i = 0; i < ev.size(); i++) {
                xs[i] = ev.get(i).get(0).asDouble();
                ys[i] = Math.log10(Math.max(ev.get(i).get(1).asDouble(), 1e-12));
            }
            String label = r.cell() + " " + r.task() + " T=" + r.length() + " h" + r.hidden() + " s" + r.seed();
            if (!c.getSeriesMap().containsKey(label)) {
                c.addSeries(label, xs, ys).setMarker(SeriesMarkers.NONE);
            }
        }
        return save(c, dir, "training_curves");
    }

    private static Map<String, JsonNode> telemetry(Path dir) throws IOException {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        Path f = dir.resolve(org.rnnlab.experiments.sweep.ResultStore.TELEMETRY);
        if (Files.exists(f)) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                JsonNode n = json.readTree(line);
                m.put(n.path("id").asText(), n);
            }
        }
        return m;
    }

    private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name + ".png";
    }

    private static String html(SweepConfig config, String md, List<SeriesSummary> rows, List<String> charts) {
        int shortest = config.lengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>rnnlab sweep ")
                .append(esc(config.name())).append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
                        + "td:nth-child(-n+4),th{text-align:left}img{max-width:100%;margin:1em 0}</style></head><body>")
                .append("<h1>rnnlab sweep '").append(esc(config.name())).append("'</h1>")
                .append("<p>Tasks ").append(esc(String.join(", ", config.tasks()))).append("; cells ").append(esc(String.join(", ", config.cells())))
                .append("; lengths ").append(config.lengths()).append("; budget ").append(config.budget().steps()).append(" steps of ")
                .append(config.budget().batch()).append(".</p><table><tr><th>task</th><th>cell</th><th>H</th><th>settings</th>"
                        + "<th>memory limit</th><th>× rnn</th><th>steps at limit</th><th>grad decay/step (init)</th><th>(trained)</th>"
                        + "<th>clipped</th><th>non-finite</th><th>bytes/step</th><th>max T: full / TBPTT</th></tr>");
        for (SeriesSummary s : rows) {
            b.append("<tr><td>").append(esc(s.task())).append("</td><td>").append(esc(s.cell())).append("</td><td>").append(s.hidden())
                    .append("</td><td>").append(esc(s.label())).append("</td><td>").append(esc(s.limitText(shortest))).append("</td><td>")
                    .append(Double.isNaN(s.ratioToRnn()) ? "–" : fmt(s.ratioToRnn())).append("</td><td>").append(s.stepsAtLimit())
                    .append("</td><td>").append(fmt(s.decayInit())).append("</td><td>").append(fmt(s.decayTrained())).append("</td><td>")
                    .append(s.clippedSteps()).append("</td><td>").append(s.nonFiniteSteps()).append("</td><td>").append(s.bytesPerStep())
                    .append("</td><td>").append(s.maxStepsFull()).append(" / ").append(s.maxStepsTbptt()).append("</td></tr>");
        }
        b.append("</table><p>").append(esc(md.substring(md.indexOf("\nMemory limit:") + 1))).append("</p>");
        for (String c : charts) {
            if (c != null) {
                b.append("<img src=\"").append(c).append("\" alt=\"").append(c).append("\">");
            }
        }
        b.append("<p>Data: results.csv (one row per point), telemetry.jsonl (per-step telemetry), probes.jsonl (gradient and memory"
                + " probes), checkpoints/ (trained parameters, safetensors).</p></body></html>\n");
        return b.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 1 ? "%.2f" : "%.3f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
