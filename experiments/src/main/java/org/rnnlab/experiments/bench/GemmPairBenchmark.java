package org.rnnlab.experiments.bench;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two builds of the cpu backend's float32 matrix products, paired in one JVM: each jar in its own class loader, the
 * two timed in alternating rounds on the same operands, so that a shared machine's slow minutes slow both alike. Prints,
 * per product, the best GFLOP/s of each build and the median (with quartiles) over rounds of build B's time over A's;
 * A against itself reads within about ±10% on a 2-core cloud machine, the noise floor of a comparison.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp "experiments/target/rnnlab-experiments.jar:$(cat experiments/target/runtime-classpath.txt)" \
 *     org.rnnlab.experiments.bench.GemmPairBenchmark A.jar B.jar 30 row,400,2048,512 dual,16,2048,512 transA,2048,512,400
 * }</pre>
 * A and B are cells-cpu jars (for example the one in {@code ~/.m2} before and after a change); add
 * {@code -XX:UseAVX=2} to measure the 16-register kernels. Products, each {@code kind,m,n,k}:
 * <ul>
 *   <li>{@code row}: C = 1·bias + A·B with B packed from Wᵀ on all cores (the input projection);</li>
 *   <li>{@code add}: C += A·B with B packed, on all cores;</li>
 *   <li>{@code transA}: C = Aᵀ·B with A stored k × m (rows the engine's {@code leadingDimension(m)} apart, as the cells
 *       store the gradients of the gates) and B given as an array, on all cores (the weight gradients);</li>
 *   <li>{@code pair}: ∂W_ih and ∂W_hh as the RNN and LSTM compute them, Aᵀ·B1 and Aᵀ·B2 (n columns each) over one A
 *       laid out as for {@code transA}: one call of the engine's pair of products where the build has it, else two
 *       {@code transA} products;</li>
 *   <li>{@code dual}: two threads at once, each C += A·B on its own m rows with one engine per thread and B shared
 *       (the per-step products of a batch in two parts);</li>
 *   <li>{@code one}: C += A·B on one thread.</li>
 * </ul>
 */
public final class GemmPairBenchmark {
    private static final String ENGINE = "org.rnnlab.cpu.internal.f32.VectorGemmF32";

    private GemmPairBenchmark() {
    }

    /** One build's engines and the methods the products call, through its own class loader. */
    private static final class Build {
        final Object all;
        final Object[] single = new Object[2];
        final Method mult;
        final Method multAdd;
        final Method multTransA;
        final Method leadingDimension;
        final Method packTransposed;
        /** The pair of products over one A, or null where this build has none. */
        final Method multTransAPair;
        final java.lang.reflect.Constructor<?> side;

        Build(String jar) throws ReflectiveOperationException, MalformedURLException {
            if (!new File(jar).isFile()) {
                throw new IllegalArgumentException(jar + " is not a file: give two cells-cpu jars");
            }
            URL api = org.rnnlab.api.Tensor.class.getProtectionDomain().getCodeSource().getLocation();
            ClassLoader loader = new URLClassLoader(new URL[] {new File(jar).toURI().toURL(), api}, ClassLoader.getPlatformClassLoader());
            Class<?> engine = loader.loadClass(ENGINE);
            Class<?> packed = loader.loadClass("org.rnnlab.cpu.internal.f32.GemmF32$Packed");
            all = engine.getConstructor(int.class).newInstance(Runtime.getRuntime().availableProcessors());
            for (int t = 0; t < single.length; t++) {
                single[t] = engine.getConstructor(int.class).newInstance(1);
            }
            mult = engine.getMethod("mult", int.class, int.class, int.class, float[].class, int.class, packed, float[].class,
                    float[].class, int.class);
            multAdd = engine.getMethod("multAdd", int.class, int.class, int.class, float[].class, int.class, packed, float[].class,
                    int.class);
            multTransA = engine.getMethod("multTransA", int.class, int.class, int.class, float[].class, int.class, int.class,
                    float[].class, int.class, float[].class, int.class);
            leadingDimension = engine.getMethod("leadingDimension", int.class);
            packTransposed = engine.getMethod("packTransposed", int.class, int.class, float[].class, int.class, packed);
            Method pair = null;
            java.lang.reflect.Constructor<?> sideOf = null;
            try {
                Class<?> sideType = loader.loadClass("org.rnnlab.cpu.internal.f32.GemmF32$Side");
                pair = engine.getMethod("multTransA", int.class, int.class, float[].class, int.class, int.class, sideType, sideType);
                sideOf = sideType.getConstructor(int.class, float[].class, int.class, float[].class, int.class);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                // a build from before the pair: two products
            }
            multTransAPair = pair;
            side = sideOf;
        }
    }

    /** A product to time: its kind and shape, with operands for two threads. */
    private record Product(String kind, int m, int n, int k) {
        static Product parse(String spec) {
            String[] p = spec.split(",");
            if (p.length != 4 || !List.of("row", "add", "transA", "pair", "dual", "one").contains(p[0])) {
                throw new IllegalArgumentException("'" + spec + "' is not kind,m,n,k with kind row, add, transA, pair, dual or one");
            }
            int[] d = Arrays.stream(p, 1, 4).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(d).anyMatch(x -> x < 1) || (long) d[0] * d[1] * d[2] > 1L << 31) {
                throw new IllegalArgumentException("'" + spec + "': m, n and k must be positive, their product at most 2^31");
            }
            return new Product(p[0], d[0], d[1], d[2]);
        }

        long flops() {
            return 2L * m * n * k * (kind.equals("dual") || kind.equals("pair") ? 2 : 1);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: GemmPairBenchmark A.jar B.jar ROUNDS kind,m,n,k ... (kinds: row, add, transA, pair, dual, one)");
            System.exit(2);
        }
        Build[] builds;
        List<Product> products = new ArrayList<>();
        int rounds;
        try {
            builds = new Build[] {new Build(args[0]), new Build(args[1])};
            rounds = Integer.parseInt(args[2]);
            for (String spec : Arrays.copyOfRange(args, 3, args.length)) {
                products.add(Product.parse(spec));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("GemmPairBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Product p : products) {
                System.out.println(compare(builds, p, Math.max(4, rounds), pool));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String compare(Build[] builds, Product p, int rounds, ExecutorService pool) throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        // Room for transA's A with rows the engine's leading dimension apart (at most a cache line more than m).
        float[][] a = {new float[(p.m + 64) * p.k], new float[(p.m + 64) * p.k]};
        float[][] c = {new float[p.m * p.n], new float[p.m * p.n]};
        float[] b = new float[p.k * p.n];
        float[] bias = new float[p.n];
        for (float[] x : List.of(a[0], a[1], b, bias)) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() - 0.5);
            }
        }
        Object[] packed = new Object[2];
        for (int v = 0; v < 2; v++) {
            packed[v] = builds[v].packTransposed.invoke(builds[v].all, p.k, p.n, b, 0, null);
        }
        int reps = (int) Math.max(2, 1.5e9 / p.flops());
        double[][] seconds = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < 2; v++) {
                long start = System.nanoTime();
                run(builds[v], packed[v], p, a, b, bias, c, reps, pool);
                seconds[v][round] = (System.nanoTime() - start) / 1e9 / reps;
            }
        }
        PairedRounds r = PairedRounds.of(seconds);
        return String.format(Locale.ROOT, "%-6s %5d x %5d x %5d  A best %6.1f GFLOP/s  B best %6.1f  time B/A median %.3f (quartiles %.3f %.3f)",
                p.kind, p.m, p.n, p.k, p.flops() / r.bestA() / 1e9, p.flops() / r.bestB() / 1e9, r.median(), r.lowerQuartile(),
                r.upperQuartile());
    }


    private static void run(Build e, Object packed, Product p, float[][] a, float[] b, float[] bias, float[][] c, int reps,
                            ExecutorService pool) throws Exception {
        try {
            switch (p.kind) {
                case "row" -> {
                    for (int i = 0; i < reps; i++) {
                        e.mult.invoke(e.all, p.m, p.n, p.k, a[0], 0, packed, bias, c[0], 0);
                    }
                }
                case "add" -> {
                    for (int i = 0; i < reps; i++) {
                        e.multAdd.invoke(e.all, p.m, p.n, p.k, a[0], 0, packed, c[0], 0);
                    }
                }
                case "one" -> {
                    for (int i = 0; i < reps; i++) {
                        e.multAdd.invoke(e.single[0], p.m, p.n, p.k, a[0], 0, packed, c[0], 0);
                    }
                }
                case "transA" -> {
                    // The rows of A as far apart as the cells lay out the gradients of the gates.
                    int lda = (int) e.leadingDimension.invoke(e.all, p.m);
                    for (int i = 0; i < reps; i++) {
                        e.multTransA.invoke(e.all, p.m, p.n, p.k, a[0], 0, lda, b, 0, c[0], 0);
                    }
                }
                case "pair" -> {
                    int lda = (int) e.leadingDimension.invoke(e.all, p.m);
                    for (int i = 0; i < reps; i++) {
                        if (e.multTransAPair != null) {
                            e.multTransAPair.invoke(e.all, p.m, p.k, a[0], 0, lda, e.side.newInstance(p.n, b, 0, c[0], 0),
                                    e.side.newInstance(p.n, b, 0, c[1], 0));
                        } else {
                            e.multTransA.invoke(e.all, p.m, p.n, p.k, a[0], 0, lda, b, 0, c[0], 0);
                            e.multTransA.invoke(e.all, p.m, p.n, p.k, a[0], 0, lda, b, 0, c[1], 0);
                        }
                    }
                }
                default -> { // dual
                    List<Future<?>> parts = new ArrayList<>();
                    for (int t = 0; t < 2; t++) {
                        int part = t;
                        parts.add(pool.submit(() -> {
                            for (int i = 0; i < reps; i++) {
                                e.multAdd.invoke(e.single[part], p.m, p.n, p.k, a[part], 0, packed, c[part], 0);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : parts) {
                        f.get();
                    }
                }
            }
        } catch (InvocationTargetException ex) {
            throw new IllegalStateException("the product failed in " + ENGINE, ex.getCause());
        }
    }
}
