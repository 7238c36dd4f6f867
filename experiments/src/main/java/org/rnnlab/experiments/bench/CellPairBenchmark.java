package org.rnnlab.experiments.bench;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.spi.CellProvider;

/**
 * Two builds of the cpu backend's cells, paired in one JVM: each cells-cpu jar's classes ({@code org.rnnlab.cpu.*}) in
 * a class loader of their own over the one api, a forward and backward pass of each shape timed for the two in
 * alternating rounds (the order swapped every round), so that a shared machine's slow minutes slow both alike. Prints,
 * per shape, the best milliseconds a pass of each build and the median (with quartiles) over rounds of build B's time
 * over A's. {@link GemmPairBenchmark} does the same for single matrix products.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp "experiments/target/rnnlab-experiments.jar:$(cat experiments/target/runtime-classpath.txt)" \
 *     org.rnnlab.experiments.bench.CellPairBenchmark A.jar B.jar 20 lstm,N32,H128,T100 rnn,N64,H256,T50
 * }</pre>
 * A and B are cells-cpu jars (for example the one in {@code ~/.m2} before and after a change); add {@code -XX:UseAVX=2}
 * for the 16-register kernels. Each shape is {@code cell,N…,H…,T…} with an optional {@code X…} (input size; H by
 * default), as {@code ./rnnlab bench --shape} takes it; the cells run in float32.
 */
public final class CellPairBenchmark {
    private static final String PROVIDER = "org.rnnlab.cpu.CpuCellProvider";
    /** Seconds of passes per build per round. */
    private static final double ROUND_SECONDS = 0.2;

    private CellPairBenchmark() {
    }

    /** Loads {@code org.rnnlab.cpu.*} from its jar before asking the parent, which holds the api and everything else. */
    private static final class OwnCpuClasses extends URLClassLoader {
        OwnCpuClasses(URL jar, ClassLoader parent) {
            super(new URL[] {jar}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.rnnlab.cpu.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name); // never the parent's copy: that would be a third build
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** The cpu provider of the cells-cpu jar (or classes folder) at {@code jar}, its classes loaded from there only. */
    static CellProvider provider(String jar) throws ReflectiveOperationException, MalformedURLException {
        if (!new File(jar).exists()) {
            throw new IllegalArgumentException(jar + " does not exist: give two cells-cpu jars");
        }
        ClassLoader loader = new OwnCpuClasses(new File(jar).toURI().toURL(), CellPairBenchmark.class.getClassLoader());
        Class<?> type = loader.loadClass(PROVIDER);
        if (type.getClassLoader() != loader) {
            throw new IllegalStateException(PROVIDER + " did not come from " + jar);
        }
        return (CellProvider) type.getConstructor().newInstance();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CellPairBenchmark A.jar B.jar ROUNDS cell,N…,H…,T…[,X…] ...");
            System.exit(2);
        }
        CellProvider[] builds;
        List<BenchShape> shapes = new ArrayList<>();
        int rounds;
        try {
            builds = new CellProvider[] {provider(args[0]), provider(args[1])};
            rounds = Integer.parseInt(args[2]);
            for (String spec : Arrays.copyOfRange(args, 3, args.length)) {
                int comma = spec.indexOf(',');
                if (comma < 0) {
                    throw new IllegalArgumentException("'" + spec + "' is not cell,N…,H…,T…");
                }
                shapes.add(BenchShape.parse(spec.substring(0, comma), spec.substring(comma + 1)));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("CellPairBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        for (BenchShape s : shapes) {
            System.out.println(compare(builds, s, Math.max(4, rounds)));
        }
    }

    private static String compare(CellProvider[] builds, BenchShape s, int rounds) {
        Engine.Prepared[] cells = new Engine.Prepared[2];
        try {
            for (int v = 0; v < 2; v++) {
                cells[v] = new RnnlabEngine("cpu", CellRegistry.of(List.of(builds[v]))).prepare(s);
            }
            // Both builds must compute the same thing: their gradients of the input agree (to the bit where the
            // change keeps the bits).
            double[] check = {cells[0].forwardBackward(), cells[1].forwardBackward()};
            // Each build's code compiles in its own class loader: warm both (four rounds' time each, B's after A's) before the
            // rounds, which time as many passes as A ran in ROUND_SECONDS of its warm-up's end.
            int reps = 0;
            for (int v = 0; v < 2; v++) {
                long start = System.nanoTime();
                while (System.nanoTime() - start < 4 * ROUND_SECONDS * 1e9) {
                    cells[v].forwardBackward();
                }
            }
            long start = System.nanoTime();
            while (System.nanoTime() - start < ROUND_SECONDS * 1e9) {
                cells[0].forwardBackward();
                reps++;
            }
            double[][] seconds = new double[2][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < 2; i++) {
                    int v = (round + i) % 2;
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        cells[v].forwardBackward();
                    }
                    seconds[v][round] = (System.nanoTime() - t0) / 1e9 / reps;
                }
            }
            PairedRounds r = PairedRounds.of(seconds);
            return String.format(Locale.ROOT, "%-28s A best %8.3f ms  B best %8.3f  time B/A median %.3f (quartiles %.3f %.3f)%s",
                    s, 1e3 * r.bestA(), 1e3 * r.bestB(), r.median(), r.lowerQuartile(), r.upperQuartile(),
                    check[0] == check[1] ? "" : String.format(Locale.ROOT, "  (∂x[0] differs: %s, %s)", check[0], check[1]));
        } finally {
            for (Engine.Prepared c : cells) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
