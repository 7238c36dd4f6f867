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
 * Forward and forward+backward of one cell over a sequence, per engine (rnnlab's backends and, with the {@code peers}
 * profile, PyTorch), all in the same harness. Every knob is a {@code @Param}: run a subset with
 * {@code java --add-modules jdk.incubator.vector -jar experiments/target/benchmarks.jar CellBenchmark -p engine=RNNLAB_CPU -p cell=lstm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CellBenchmark {
    @Param({"RNNLAB_CPU"})
    public Engines engine;

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
        prepared = engine.create().prepare(new BenchShape(cell, batch, hidden, input, steps));
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
