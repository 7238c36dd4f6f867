package org.rnnlab.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rnnlab.api.Precision;
import org.rnnlab.experiments.bench.BenchShape;
import org.rnnlab.experiments.bench.CpuShare;
import org.rnnlab.experiments.bench.Engine;
import org.rnnlab.experiments.bench.Engines;
import org.rnnlab.experiments.bench.PeakFlops;
import org.rnnlab.experiments.bench.QuickBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./rnnlab bench}: forward+backward time of cells on a set of shapes, on one or more engines side by side in one
 * run (timed in alternation): ms, GFLOP/s and % of the measured FP32 peak of the first engine, and its time over each
 * other engine's.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time forward+backward of cells on engines side by side, in alternation, in one run.",
            "Columns: ms, GFLOP/s (training = 6·weights·N·T flops; weights = G·H·(X+H) for",
            "the built-in cells), %% of the FP32 peak (an FMA loop), and the first engine's",
            "time over each other engine's. Engines: any backend of ./rnnlab backends",
            "(plugins included) and pytorch (RNNLAB_PEERS=1). Each runs in float32; a backend",
            "that offers a cell in float64 only (a per-step plugin without a float32 twin)",
            "runs it in float64, marked *.",
            "JMH takes the same names: mvn -Pbench -pl experiments -am package -DskipTests,",
            "then java --add-modules jdk.incubator.vector -jar experiments/target/",
            "benchmarks.jar CellBenchmark -p engine=cpu,reference"})
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--cells", split = ",", paramLabel = "KIND", description = "Cells to run (default: rnn, gru, lstm).")
    List<String> cells;

    @Option(names = "--backends", split = ",", paramLabel = "NAME",
            description = "Engines, the first compared with the others (default: cpu, and pytorch when the peer is present).")
    List<String> backends;

    @Option(names = "--shape", paramLabel = "N32,H128,T100", description = "A shape (repeatable; X = H unless X.. is given). "
            + "Default: the standard grid: (N, H, T) = (32, 128, 100), (64, 256, 50), (16, 512, 25), (1, 128, 1000), and LSTM H 512 "
            + "at N 32 and 64, T 25.")
    List<String> shapes;

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        List<Engine> engines = engines();
        List<BenchShape> plan = shapes(engines);
        PeakFlops measured = PeakFlops.measure();
        double peak = measured.flops();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode doc = mapper.createObjectNode().put("peak_gflops", peak / 1e9).put("vector_lanes", PeakFlops.vectorLanes())
                .put("cores", Runtime.getRuntime().availableProcessors());
        doc.putObject("peak").put("gflops", peak / 1e9).put("single_thread_gflops", measured.singleThread() / 1e9)
                .put("clock_ghz", measured.clockHz() / 1e9).put("fma_units", measured.fmaUnits()).put("smt_siblings", measured.siblings())
                .put("nominal_gflops", measured.nominal() / 1e9).put("agrees", measured.agrees())
                .put("loop_form", measured.form().name().toLowerCase(Locale.ROOT))
                .put("other_form_single_thread_gflops", measured.otherForm() / 1e9).put("how", measured.describe());
        java.util.Optional<CpuShare> runStart = CpuShare.read();
        int disturbedRows = 0;
        ArrayNode names = doc.putArray("engines");
        engines.forEach(e -> names.add(e.name()));
        ArrayNode rows = doc.putArray("rows");
        String first = engines.get(0).name();
        boolean anyFloat64 = false;
        if (!json) {
            o.println(measured.describe());
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-28s %12s %10s %8s", "shape (fwd+bwd)", first + " ms",
                    "GFLOP/s", "% peak"));
            for (Engine e : engines.subList(1, engines.size())) {
                h.append(String.format(Locale.ROOT, " %12s %12s", e.name() + " ms", first + "/" + e.name()));
            }
            o.println(h);
            o.flush();
        }
        for (BenchShape s : plan) {
            List<Engine> able = new ArrayList<>();
            for (Engine e : engines) {
                if (e.cannotRun(s) == null) {
                    able.add(e);
                }
            }
            if (able.isEmpty()) {
                continue;
            }
            List<Engine.Prepared> prepared = new ArrayList<>();
            java.util.Optional<CpuShare> rowStart = CpuShare.read();
            QuickBench.Timing[] timings;
            try {
                for (Engine e : able) {
                    prepared.add(e.prepare(s));
                }
                timings = QuickBench.time(prepared); // side by side, in alternation
            } finally {
                for (Engine.Prepared p : prepared) {
                    p.close();
                }
            }
            ObjectNode row = rows.addObject().put("shape", s.toString()).put("cell", s.cell()).put("batch", s.batch())
                    .put("hidden", s.hidden()).put("input", s.input()).put("steps", s.steps());
            ObjectNode times = row.putObject("ms");
            ObjectNode spreads = row.putObject("spread");
            ObjectNode precisions = row.putObject("precision");
            double[] ms = new double[able.size()];
            double spread = 0;
            for (int i = 0; i < able.size(); i++) {
                ms[i] = timings[i].median();
                spread = Math.max(spread, timings[i].spread());
                times.put(able.get(i).name(), ms[i]);
                spreads.put(able.get(i).name(), timings[i].spread());
                precisions.put(able.get(i).name(), prepared.get(i).precision().id());
                anyFloat64 |= prepared.get(i).precision() == Precision.FLOAT64;
            }
            int f = able.get(0) == engines.get(0) ? 0 : -1;
            double gflops = f < 0 ? Double.NaN : s.trainingFlops(prepared.get(0).weights()) / (ms[0] / 1e3) / 1e9;
            double others = rowStart.flatMap(a -> CpuShare.read().map(b -> b.othersSince(a))).filter(java.util.OptionalDouble::isPresent)
                    .map(java.util.OptionalDouble::getAsDouble).orElse(Double.NaN);
            // A row faster than the peak, timed while others took the CPUs, or whose calls spread (a slowdown that came and
            // went, which alternation does not cancel) is marked rather than given a percentage.
            boolean disturbed = others > DISTURBED || gflops * 1e9 > peak || spread > QuickBench.STEADY_SPREAD;
            disturbedRows += disturbed ? 1 : 0;
            row.put("others_cpu_share", others).put("disturbed", disturbed);
            if (f == 0) {
                row.put("gflops", gflops).put("percent_of_peak", 100 * gflops * 1e9 / peak);
            }
            if (!json) {
                String percent = f < 0 ? "–" : gflops * 1e9 > peak ? ">100 !" : String.format(Locale.ROOT, "%.1f", 100 * gflops * 1e9 / peak)
                        + (disturbed ? " !" : "");
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s %12s %10s %8s", s, f < 0 ? "–" : fmt(ms[0],
                        prepared.get(0).precision()), f < 0 ? "–" : String.format(Locale.ROOT, "%.2f", gflops), percent));
                for (Engine e : engines.subList(1, engines.size())) {
                    int i = able.indexOf(e);
                    line.append(i < 0 ? String.format(Locale.ROOT, " %12s %12s", "–", "–")
                            : String.format(Locale.ROOT, " %12s %12s", fmt(ms[i], prepared.get(i).precision()),
                                    f < 0 ? "–" : String.format(Locale.ROOT, "%.2f", ms[0] / ms[i])));
                }
                o.println(line);
                o.flush();
            }
        }
        double runOthers = runStart.flatMap(a -> CpuShare.read().map(b -> b.othersSince(a))).filter(java.util.OptionalDouble::isPresent)
                .map(java.util.OptionalDouble::getAsDouble).orElse(Double.NaN);
        PeakFlops after = PeakFlops.measure();
        doc.put("others_cpu_share", runOthers).put("peak_after_gflops", after.flops() / 1e9).put("disturbed_rows", disturbedRows);
        if (!json) {
            o.println(quietness(runOthers, disturbedRows, measured, after));
        }
        if (json) {
            o.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else if (anyFloat64) {
            o.println("* float64: the backend offers the cell in float64 only");
        }
        return 0;
    }

    /** Other processes' share of the CPUs above which a row is marked disturbed. */
    private static final double DISTURBED = 0.10;

    /**
     * The closing line: how quiet the run was, and whether the peak held. Quiet: no row disturbed, others took at most
     * {@link #DISTURBED} of the CPUs, the peak moved at most 10% and its first reading agreed with the hardware's model
     * (the % column is over that reading).
     */
    static String quietness(double others, int disturbedRows, PeakFlops first, PeakFlops after) {
        double peak = first.flops();
        double peakAfter = after.flops();
        double drift = peakAfter / peak - 1;
        boolean peakAgrees = first.agrees();
        String share = Double.isNaN(others) ? "other processes' use of the CPUs was not measured (no /proc)"
                : String.format(Locale.ROOT, "other processes took %.0f%% of the CPUs during the run", 100 * others);
        String peaks = String.format(Locale.ROOT, "the peak read %.1f GFLOP/s at the start and %.1f at the end (%+.0f%%)", peak / 1e9,
                peakAfter / 1e9, 100 * drift);
        boolean quiet = disturbedRows == 0 && Math.abs(drift) <= 0.10 && !(others > DISTURBED) && peakAgrees;
        return (quiet ? "Quiet run: " : "DISTURBED run (" + disturbedRows + " row" + (disturbedRows == 1 ? "" : "s") + " marked !"
                + (disturbedRows == 0 ? "" : String.format(Locale.ROOT, ": above the peak, timed while others took more than %.0f%% of "
                + "the CPUs, or with an engine's calls spread more than %.0f%% between quartiles", 100 * DISTURBED, 100 * QuickBench.STEADY_SPREAD))
                + "; rerun on a quiet machine before comparing): ") + share + "; " + peaks
                + (peakAgrees ? "" : "; the first reading disagreed with the hardware's model, so the % column is over a peak that may not be the machine's") + ".";
    }

    private static String fmt(double ms, Precision p) {
        return String.format(Locale.ROOT, "%.2f", ms) + (p == Precision.FLOAT64 ? "*" : "");
    }

    private List<Engine> engines() {
        List<String> chosen = new ArrayList<>();
        if (backends == null || backends.isEmpty()) {
            chosen.add("cpu");
            if (Engines.peerPresent()) {
                chosen.add(Engines.PYTORCH);
            }
        } else {
            chosen.addAll(new LinkedHashSet<>(backends));
        }
        List<Engine> out = new ArrayList<>();
        for (String name : chosen) {
            Engine e;
            try {
                e = Engines.byName(name);
            } catch (IllegalArgumentException ex) {
                throw new ParameterException(spec.commandLine(), "--backends: " + ex.getMessage());
            }
            String why = e.unavailableReason();
            if (why != null) {
                throw new ParameterException(spec.commandLine(), "--backends: engine '" + name + "' cannot run here: " + why);
            }
            out.add(e);
        }
        return out;
    }

    private List<BenchShape> shapes(List<Engine> engines) {
        List<String> kinds = cells == null || cells.isEmpty() ? List.of("rnn", "gru", "lstm") : new ArrayList<>(new LinkedHashSet<>(cells));
        for (String k : kinds) {
            BenchShape probe;
            try {
                probe = new BenchShape(k, 1, 1, 1, 1);
            } catch (IllegalArgumentException ex) {
                throw new ParameterException(spec.commandLine(), "--cells: " + ex.getMessage());
            }
            if (engines.stream().noneMatch(e -> e.cannotRun(probe) == null)) {
                throw new ParameterException(spec.commandLine(), "--cells: no engine of " + engines.stream().map(Engine::name).toList()
                        + " offers '" + k + "'; see ./rnnlab backends (a plugin's kind needs its jar: plugins/ or RNNLAB_PLUGINS)");
            }
        }
        Set<BenchShape> out = new LinkedHashSet<>();
        if (shapes == null || shapes.isEmpty()) {
            for (BenchShape s : BenchShape.standardGrid()) {
                if (kinds.contains(s.cell())) {
                    out.add(s);
                }
            }
            for (String k : kinds) {
                if (!List.of("rnn", "gru", "lstm").contains(k)) {
                    out.addAll(BenchShape.grid(k));
                }
            }
        } else {
            for (String k : kinds) {
                for (String text : shapes) {
                    try {
                        out.add(BenchShape.parse(k, text));
                    } catch (IllegalArgumentException ex) {
                        throw new ParameterException(spec.commandLine(), "--shape: " + ex.getMessage());
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }
}
