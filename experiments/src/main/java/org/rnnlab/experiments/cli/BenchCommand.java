package org.rnnlab.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnlab.experiments.bench.BenchShape;
import org.rnnlab.experiments.bench.Engine;
import org.rnnlab.experiments.bench.Engines;
import org.rnnlab.experiments.bench.PeakFlops;
import org.rnnlab.experiments.bench.QuickBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rnnlab bench}: forward+backward time of the standard grid on rnnlab's cpu backend (and PyTorch when the peer
 * is present), GFLOP/s, % of the measured FP32 peak, and the ratio to PyTorch, all measured in this one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time forward+backward on the standard grid: ms, GFLOP/s (training = 6·G·H·(X+H)·N·T flops),",
            "%% of the FP32 peak measured with an FMA loop, and rnnlab ÷ PyTorch when the peer is present (RNNLAB_PEERS=1).",
            "The full JMH suite: mvn -Pbench -pl experiments -am package -DskipTests; java --add-modules jdk.incubator.vector -jar experiments/target/benchmarks.jar"})
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--cells", split = ",", description = "Cells to run (default: ${DEFAULT-VALUE}).")
    List<String> cells = List.of("rnn", "gru", "lstm");

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        double peak = PeakFlops.measure();
        List<Engine> engines = new ArrayList<>();
        engines.add(Engines.RNNLAB_CPU.create());
        boolean peer = Engines.peerPresent();
        if (peer) {
            engines.add(Engines.PYTORCH.create());
        }
        for (Engine e : engines) {
            String why = e.unavailableReason();
            if (why != null) {
                throw new IllegalStateException("engine " + e.name() + " cannot run: " + why);
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode doc = mapper.createObjectNode().put("peak_gflops", peak / 1e9).put("vector_lanes", PeakFlops.lanes())
                .put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = doc.putArray("rows");
        if (!json) {
            o.printf(Locale.ROOT, "FP32 peak (FMA loop, %d cores, %d lanes): %.1f GFLOP/s%n", Runtime.getRuntime().availableProcessors(),
                    PeakFlops.lanes(), peak / 1e9);
            o.printf(Locale.ROOT, "%-28s %12s %10s %8s%s%n", "shape (fwd+bwd)", "rnnlab ms", "GFLOP/s", "% peak",
                    peer ? String.format(Locale.ROOT, " %12s %10s", "pytorch ms", "rnnlab/pt") : "");
            o.flush();
        }
        for (BenchShape s : BenchShape.standardGrid()) {
            if (!cells.contains(s.cell())) {
                continue;
            }
            List<Engine.Prepared> prepared = new ArrayList<>();
            double[] ms;
            try {
                for (Engine e : engines) {
                    prepared.add(e.prepare(s));
                }
                ms = QuickBench.medianMillis(prepared); // side by side, in alternation
            } finally {
                for (Engine.Prepared p : prepared) {
                    p.close();
                }
            }
            double gflops = s.trainingFlops() / (ms[0] / 1e3) / 1e9;
            ObjectNode row = rows.addObject().put("shape", s.toString()).put("cell", s.cell()).put("batch", s.batch())
                    .put("hidden", s.hidden()).put("input", s.input()).put("steps", s.steps()).put("rnnlab_ms", ms[0])
                    .put("gflops", gflops).put("percent_of_peak", 100 * gflops * 1e9 / peak);
            if (peer) {
                row.put("pytorch_ms", ms[1]).put("ratio", ms[0] / ms[1]);
            }
            if (!json) {
                o.printf(Locale.ROOT, "%-28s %12.2f %10.2f %8.1f%s%n", s, ms[0], gflops, 100 * gflops * 1e9 / peak,
                        peer ? String.format(Locale.ROOT, " %12.2f %10.2f", ms[1], ms[0] / ms[1]) : "");
                o.flush();
            }
        }
        if (json) {
            o.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        }
        return 0;
    }
}
