package org.rnnlab.experiments.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and forward+backward of one cell over a sequence, per engine, all in the same harness. The engine is a
 * name ({@link Engines#byName}): any backend of the registry ({@code cpu}, {@code reference}, {@code cuda}, a plugin's) or
 * a peer ({@code pytorch}, with the {@code peers} profile), the same names {@code ./rnnlab bench --backends} takes. Every
 * knob is a {@code @Param}: {@code java --add-modules jdk.incubator.vector -jar experiments/target/benchmarks.jar
 * CellBenchmark -p engine=cpu,reference -p cell=lstm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CellBenchmark {
    @Param({"cpu"})
    public String engine;

    @Param({"lstm", "gru", "rnn"})
    public String cell;

    @Param({"32"})
    public int batch;

    @Param({"128"})
    public int hidden;

    @Param({"128"})
    public int input;

    @Param({"100"})
    public int steps;

    private Engine.Prepared prepared;

    @Setup(Level.Trial)
    public void setUp() {
        BenchShape shape = new BenchShape(cell, batch, hidden, input, steps);
        Engine e = Engines.byName(engine);
        String why = e.unavailableReason() != null ? e.unavailableReason() : e.cannotRun(shape);
        if (why != null) {
            throw new IllegalStateException("engine '" + engine + "' cannot run " + shape + ": " + why);
        }
        prepared = e.prepare(shape);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        prepared.close();
    }

    @Benchmark
    public double forward() {
        return prepared.forward();
    }

    @Benchmark
    public double forwardBackward() {
        return prepared.forwardBackward();
    }
}
