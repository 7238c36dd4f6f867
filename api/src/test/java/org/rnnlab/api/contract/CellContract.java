package org.rnnlab.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.BackendUnavailableException;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellKinds;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;

/**
 * The contract every {@link CellProvider} passes: extend this class with one method, {@link #provider()}.
 * Runs for every kind the provider offers in every precision it offers, and again with a projection of h
 * ({@link CellSpec#withProjection}, P = {@value #P}) for every kind it {@linkplain CellProvider#offersProjection projects};
 * skipped, with the probe's reason, when the provider is unavailable here (a GPU backend on a machine without a GPU).
 *
 * <p>What it checks: shapes (h and the output [·, P] with a projection, c [N, H]); PyTorch parameter names; determinism
 * for a seed; central finite differences of every parameter ({@code weight_hr_l0} too), the input and the initial state
 * (float64: error ≤ {@value #F64_GRAD_BOUND}; float32: error ≤ {@value #F32_GRAD_BOUND}, see {@link GradientCheck} for
 * the measure); float32 against float64 on the same weights, and the float32
 * cell's initial parameters against the float64 cell's; state carried across calls; truncated BPTT; masks;
 * rejection of bad input with clear messages (a state of the wrong width names the expected one); a projection that
 * keeps the first P units against the unprojected cell; that a kind the provider does not project refuses a projected
 * spec; and, for built-in kinds, outputs and gradients against PyTorch's {@code torch.nn} fixtures (with
 * {@code proj_size} where the provider projects).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CellContract {
    /**
     * float64 five-point differences with ε = 1e-3: truncation ~ε⁴·|L⁽⁵⁾|/30 ≈ 1e-13 and round-off ~1e-16·|L|/ε ≈ 1e-13
     * absolute, so relative errors of ~1e-10 at the floor (1e-3 of the largest gradient); measured ≤ 3e-11 for the
     * built-in cells (≤ 1e-12 with a projection). A wrong gradient is off by O(1).
     */
    public static final double F64_GRAD_BOUND = 1e-8;
    /**
     * float32 five-point differences with ε = 1e-2: round-off of L (~1e-6) over ε gives ~1e-4 absolute, ~1e-3 relative
     * to the floor (1e-2 of the largest gradient); measured ≤ 3.8e-3 for the built-in cells (≤ 3.2e-3 with a projection).
     * A wrong gradient is off by O(1).
     */
    public static final double F32_GRAD_BOUND = 1e-2;
    /** float64 against PyTorch's float64: only summation order differs (~1e-15 relative); 1e-10 leaves margin. */
    public static final double F64_TORCH_BOUND = 1e-10;
    /** float32 against PyTorch's float64: float32 rounding through ≤ 7 steps of ≤ 8-term dot products (~1e-6). */
    public static final double F32_TORCH_BOUND = 1e-5;

    private static final int X = 3;
    private static final int H = 4;
    private static final int N = 2;
    private static final int T = 6;
    /**
     * The projection of the projected cases: below H as PyTorch requires, and neither 1 (where [1, H] and its transpose
     * lie alike in memory, hiding a transposed W_hr) nor N (rows of samples and of units would be interchangeable).
     */
    public static final int P = 3;

    /** The provider under test. */
    protected abstract CellProvider provider();

    /**
     * The step ε of the five-point differences for a kind: 1e-3 in float64 and 1e-2 in float32, which the bounds above
     * assume. Override for a cell whose loss varies on a scale near that step (layer normalisation over a few values,
     * whose k-th derivatives grow as σ^−k; a kink of ReLU or modReLU that a wide stencil straddles), with the measured
     * reason: the truncation error falls as ε⁴ and the kink window as ε, while the bound stays.
     */
    protected double finiteDifferenceStep(String kind, Precision precision) {
        return precision == Precision.FLOAT64 ? 1e-3 : 1e-2;
    }

    /**
     * Whether finite differences say anything about a kind's float32 gradients. By default yes. A cell whose float32 loss
     * cannot be differenced to the bound at any step (kinks that a step wide enough to rise above float32 round-off
     * straddles, gradients of 1e-3 below that round-off) may answer no, with the measured reason: the kit then requires
     * the kind in float64 too, where finite differences hold it to {@value #F64_GRAD_BOUND} and
     * {@code float32AgreesWithFloat64OnTheSameWeights} holds the float32 gradients to the float64 ones within 1e-5, a
     * tighter check than finite differences in float32 give.
     */
    protected boolean float32FiniteDifferencesHold(String kind) {
        return true;
    }

    /** Skips a float32 finite-difference test the provider opted out of, once the float64 check is known to run. */
    private void assumeFiniteDifferences(String kind, Precision precision) {
        if (precision == Precision.FLOAT32 && !float32FiniteDifferencesHold(kind)) {
            assertThat(provider().precisions(kind)).as("a kind without float32 finite differences must be offered in float64, "
                    + "whose finite differences and the float32-against-float64 test stand in for them").contains(Precision.FLOAT64);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, kind + ": float32 gradients checked against float64 (1e-5), not by "
                    + "finite differences (the provider's float32FiniteDifferencesHold)");
        }
    }

    /** The spec used for a kind and precision (X = 3, H = 4, seed 7); override to add plugin-specific settings. */
    protected CellSpec spec(String kind, Precision precision) {
        return CellSpec.of(kind, X, H).withPrecision(precision).withSeed(7);
    }

    @BeforeAll
    void providerMustBeAvailable() {
        Availability a = provider().probe();
        if (!a.available()) {
            System.out.println("[contract] skipping backend '" + provider().backend() + "': " + a);
        }
        assumeThat(a.available()).as("backend '%s' %s", provider().backend(), a).isTrue();
    }

    /** Every (kind, precision) the provider offers. */
    Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        provider().kinds().stream().sorted().forEach(k -> provider().precisions(k).stream().sorted()
                .forEach(p -> out.add(Arguments.of(k, p))));
        return out.stream();
    }

    /** The projections a kind is checked with: none, and P where the provider projects the kind. */
    private List<Named<Integer>> projections(String kind) {
        return provider().offersProjection(kind) ? List.of(Named.of("no projection", 0), Named.of("proj_size=" + P, P))
                : List.of(Named.of("no projection", 0));
    }

    /** Every (kind, precision, projection) the provider offers: {@link #cases()}, and each projected kind again with P. */
    Stream<Arguments> variants() {
        return cases().flatMap(a -> projections((String) a.get()[0]).stream().map(q -> Arguments.of(a.get()[0], a.get()[1], q)));
    }

    /** Every built-in kind the provider offers, with each precision and projection offered. */
    Stream<Arguments> builtInVariants() {
        return variants().filter(a -> CellKinds.BUILT_IN.contains((String) a.get()[0]));
    }

    /** Every (kind, projection) the provider offers in both float32 and float64. */
    Stream<Arguments> kindsInBothPrecisions() {
        return provider().kinds().stream().sorted()
                .filter(k -> provider().precisions(k).containsAll(java.util.EnumSet.allOf(Precision.class)))
                .flatMap(k -> projections(k).stream().map(q -> Arguments.of(k, q)));
    }

    /** Every (built-in kind, precision) the provider projects: the kinds whose projection is torch.nn.LSTM's. */
    Stream<Arguments> projectedBuiltInCases() {
        return cases().filter(a -> BuiltInKind.projectable().contains((String) a.get()[0]) && provider().offersProjection((String) a.get()[0]));
    }

    /**
     * Every kind the provider offers but does not project, where a spec may ask for a projection (a plugin's kind, or a
     * built-in kind that takes one), with each precision offered.
     */
    Stream<Arguments> unprojectedKinds() {
        return cases().filter(a -> !provider().offersProjection((String) a.get()[0]))
                .filter(a -> BuiltInKind.find((String) a.get()[0]).map(k -> k.projection() == BuiltInKind.Projection.OFFERED).orElse(true));
    }

    /**
     * Every PyTorch fixture whose kind the provider offers (and whose projection, if it has one, the provider offers), in
     * every precision offered for it.
     */
    Stream<Arguments> goldenCases() {
        List<Arguments> out = new ArrayList<>();
        for (String f : GoldenFixture.FILES) {
            GoldenFixture g = GoldenFixture.load(f);
            if (provider().kinds().contains(g.kind()) && (g.projectionSize() == 0 || provider().offersProjection(g.kind()))) {
                provider().precisions(g.kind()).stream().sorted().forEach(p -> out.add(Arguments.of(f, p)));
            }
        }
        return out.stream();
    }

    // ---------------------------------------------------------------- shapes, names, determinism

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void shapesOfOutputsStatesAndGradients(String kind, Precision precision, int projection) {
        try (RecurrentCell cell = create(kind, precision, projection)) {
            assertThat(cell.backend()).isEqualTo(provider().backend());
            assertThat(cell.spec().precision()).isEqualTo(precision);
            int o = projection == 0 ? H : projection;
            assertThat(cell.outputSize()).isEqualTo(o);
            assertThat(cell.stateSize(0)).isEqualTo(o);
            for (int k = 1; k < cell.stateCount(); k++) {
                assertThat(cell.stateSize(k)).as("state %d keeps H", k).isEqualTo(H);
            }
            ForwardPass pass = cell.forward(random(precision, 1, T, N, X), null);
            assertThat(pass.output().shape()).containsExactly(T, N, o);
            assertThat(pass.steps()).isEqualTo(T);
            assertThat(pass.batch()).isEqualTo(N);
            assertThat(pass.finalState().size()).isEqualTo(cell.stateCount());
            for (int k = 0; k < cell.stateCount(); k++) {
                assertThat(pass.finalState().get(k).shape()).containsExactly(N, cell.stateSize(k));
                assertThat(pass.finalState().get(k).precision()).isEqualTo(precision);
            }
            // h after the last step is the last output row.
            for (int i = 0; i < N * o; i++) {
                assertThat(pass.finalState().h().get(i)).isEqualTo(pass.output().get((T - 1) * N * o + i));
            }
            Gradients g = cell.backward(pass, Upstream.ofOutput(random(precision, 2, T, N, o)));
            assertThat(g.input().shape()).containsExactly(T, N, X);
            assertThat(g.initialState().size()).isEqualTo(cell.stateCount());
            for (int k = 0; k < cell.stateCount(); k++) {
                assertThat(g.initialState().get(k).shape()).containsExactly(N, cell.stateSize(k));
            }
            assertThat(g.parameters().keySet()).containsExactlyElementsOf(cell.parameters().names());
            for (ParameterShape p : cell.parameters().layout()) {
                assertThat(g.parameter(p.name()).shape()).as(p.name()).containsExactly(p.dims());
                assertThat(g.parameter(p.name()).precision()).isEqualTo(precision);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}", allowZeroInvocations = true) // a plugin's own kinds have their own layout
    @MethodSource("builtInVariants")
    void builtInKindsUsePyTorchNamesAndShapes(String kind, Precision precision, int projection) {
        try (RecurrentCell cell = create(kind, precision, projection)) {
            int gh = BuiltInKind.of(kind).gates() * H;
            if (projection == 0) {
                assertThat(cell.parameters().names()).containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0");
                assertThat(cell.parameters().get("weight_hh_l0").shape()).containsExactly(gh, H);
            } else {
                // torch.nn.LSTM(proj_size=P).state_dict(), in its order.
                assertThat(cell.parameters().names()).containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                        "weight_hr_l0");
                assertThat(cell.parameters().get("weight_hh_l0").shape()).containsExactly(gh, projection);
                assertThat(cell.parameters().get("weight_hr_l0").shape()).containsExactly(projection, H);
            }
            assertThat(cell.parameters().get("weight_ih_l0").shape()).containsExactly(gh, X);
            assertThat(cell.parameters().get("bias_ih_l0").shape()).containsExactly(gh);
            assertThat(cell.parameters().get("bias_hh_l0").shape()).containsExactly(gh);
            assertThat(cell.stateCount()).isEqualTo(BuiltInKind.of(kind).states());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void sameSeedGivesSameParametersAndOutputs(String kind, Precision precision, int projection) {
        Tensor x = random(precision, 3, T, N, X);
        try (RecurrentCell a = create(kind, precision, projection); RecurrentCell b = create(kind, precision, projection);
             RecurrentCell c = provider().create(spec(kind, precision).withSeed(8).withProjection(projection))) {
            for (String name : a.parameters().names()) {
                assertThat(a.parameters().get(name).maxAbsDiff(b.parameters().get(name))).as(name).isZero();
            }
            assertThat(a.forward(x, null).output().maxAbsDiff(b.forward(x, null).output())).isZero();
            assertThat(a.parameters().get(0).maxAbsDiff(c.parameters().get(0))).as("another seed").isPositive();
        }
    }

    // ---------------------------------------------------------------- gradients

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void gradientsMatchFiniteDifferences(String kind, Precision precision, int projection) {
        assumeFiniteDifferences(kind, precision);
        boolean f64 = precision == Precision.FLOAT64;
        double step = finiteDifferenceStep(kind, precision);
        GradientCheck fd = f64 ? new GradientCheck(step, 1e-3) : new GradientCheck(step, 1e-2).withoutRoundOffAllowance();
        double bound = f64 ? F64_GRAD_BOUND : F32_GRAD_BOUND;
        try (RecurrentCell cell = create(kind, precision, projection)) {
            Tensor x = random(precision, 4, T, N, X);
            State init = randomState(cell, precision, 5);
            Tensor gy = random(precision, 6, T, N, cell.outputSize());
            State gf = randomState(cell, precision, 7);
            ForwardPass pass = cell.forward(x, init);
            Gradients g = cell.backward(pass, Upstream.of(gy, gf));
            List<GradientCheck.Result> results = new ArrayList<>();
            Loss loss = new Loss(cell, x, init, gy, gf);
            for (String name : cell.parameters().names()) {
                results.add(fd.check(name, cell.parameters().get(name), g.parameter(name), loss::value));
            }
            results.add(fd.check("input", x, g.input(), loss::value));
            for (int k = 0; k < cell.stateCount(); k++) {
                results.add(fd.check("initial state " + k, init.get(k), g.initialState().get(k), loss::value));
            }
            double worst = results.stream().mapToDouble(GradientCheck.Result::maxError).max().orElseThrow();
            System.out.printf("[contract] %s %s %s%s finite differences: max error %.2e (bound %.0e)%n",
                    provider().backend(), kind, precision.id(), projection == 0 ? "" : " proj_size " + projection, worst, bound);
            // Every tensor is judged, and every wrong one reported: a wrong backward pass is rarely wrong in one place.
            org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
            for (GradientCheck.Result r : results) {
                System.out.println("[contract]   " + r);
                soft.assertThat(r.maxError()).as("%s %s proj %d %s", kind, precision.id(), projection, r).isLessThanOrEqualTo(bound);
            }
            soft.assertAll();
        }
    }

    /**
     * {@code bias=false} (PyTorch's {@code bias=False}): no parameter has the role {@link org.rnnlab.api.ParameterRole#BIAS},
     * and the gradients of what remains still match finite differences.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void withoutBiasesTheCellHasNoBiasParametersAndItsGradientsHold(String kind, Precision precision, int projection) {
        assumeFiniteDifferences(kind, precision);
        boolean f64 = precision == Precision.FLOAT64;
        double step = finiteDifferenceStep(kind, precision);
        GradientCheck fd = f64 ? new GradientCheck(step, 1e-3) : new GradientCheck(step, 1e-2).withoutRoundOffAllowance();
        double bound = f64 ? F64_GRAD_BOUND : F32_GRAD_BOUND;
        try (RecurrentCell cell = provider().create(spec(kind, precision).withBias(false).withProjection(projection))) {
            assertThat(cell.parameters().layout()).as("%s with bias=false", kind)
                    .noneMatch(p -> p.role() == org.rnnlab.api.ParameterRole.BIAS);
            Tensor x = random(precision, 4, T, N, X);
            State init = randomState(cell, precision, 5);
            Tensor gy = random(precision, 6, T, N, cell.outputSize());
            State gf = randomState(cell, precision, 7);
            Gradients g = cell.backward(cell.forward(x, init), Upstream.of(gy, gf));
            Loss loss = new Loss(cell, x, init, gy, gf);
            org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
            for (String name : cell.parameters().names()) {
                GradientCheck.Result r = fd.check(name, cell.parameters().get(name), g.parameter(name), loss::value);
                soft.assertThat(r.maxError()).as("%s %s bias=false %s", kind, precision.id(), r).isLessThanOrEqualTo(bound);
            }
            GradientCheck.Result r = fd.check("input", x, g.input(), loss::value);
            soft.assertThat(r.maxError()).as("%s %s bias=false %s", kind, precision.id(), r).isLessThanOrEqualTo(bound);
            soft.assertAll();
        }
    }

    @ParameterizedTest(name = "{0} {1}", allowZeroInvocations = true) // float32-only or float64-only providers
    @MethodSource("kindsInBothPrecisions")
    void float32AgreesWithFloat64OnTheSameWeights(String kind, int projection) {
        try (RecurrentCell c32 = create(kind, Precision.FLOAT32, projection); RecurrentCell c64 = create(kind, Precision.FLOAT64, projection)) {
            c64.parameters().load(c32.parameters().asMap()); // exact: float → double
            Tensor x = random(Precision.FLOAT32, 8, T, N, X);
            Tensor gy = random(Precision.FLOAT32, 9, T, N, c32.outputSize());
            ForwardPass p32 = c32.forward(x, null);
            ForwardPass p64 = c64.forward(x.to(Precision.FLOAT64), null);
            Gradients g32 = c32.backward(p32, Upstream.ofOutput(gy));
            Gradients g64 = c64.backward(p64, Upstream.ofOutput(gy.to(Precision.FLOAT64)));
            // float32 round-off through T = 6 steps of short dot products: ~1e-6 relative to the largest value.
            double bound = 1e-5;
            assertThat(relative(p32.output(), p64.output())).as("output").isLessThanOrEqualTo(bound);
            assertThat(relative(g32.input(), g64.input())).as("grad input").isLessThanOrEqualTo(bound);
            for (String name : c32.parameters().names()) {
                assertThat(relative(g32.parameter(name), g64.parameter(name))).as(name).isLessThanOrEqualTo(bound);
            }
        }
    }

    /**
     * A kind offered in both precisions starts, for the same spec and seed, from the same parameters: the float32 cell's
     * are the float64 cell's rounded (one stream for the standard draw and for a cell's own {@code initialize}).
     */
    @ParameterizedTest(name = "{0}", allowZeroInvocations = true) // float32-only or float64-only providers
    @MethodSource("kindsInBothPrecisions")
    void float32StartsFromTheFloat64ParametersRounded(String kind) {
        try (RecurrentCell c32 = create(kind, Precision.FLOAT32); RecurrentCell c64 = create(kind, Precision.FLOAT64)) {
            assertThat(c32.parameters().names()).containsExactlyElementsOf(c64.parameters().names());
            for (String name : c64.parameters().names()) {
                // Rounding alone is ≤ 2^-24 ≈ 6e-8 of each value; a draw computed in float arithmetic (a Gram–Schmidt, a
                // matrix exponential at H = 4) adds round-off of ~1e-6; another stream or a missed draw is off by O(1).
                assertThat(relative(c32.parameters().get(name), c64.parameters().get(name))).as(name).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    // ---------------------------------------------------------------- state carry and truncated BPTT

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void carryingStateAcrossCallsEqualsOneCall(String kind, Precision precision, int projection) {
        try (RecurrentCell cell = create(kind, precision, projection)) {
            Tensor x = random(precision, 10, T, N, X);
            ForwardPass whole = cell.forward(x, null);
            Tensor wholeOut = whole.output();
            State wholeFinal = whole.finalState();
            int split = 2;
            ForwardPass first = cell.forward(slice(x, 0, split), null);
            ForwardPass second = cell.forward(slice(x, split, T), first.finalState());
            // The same arithmetic in the same order per element; allow one rounding of slack.
            double bound = precision == Precision.FLOAT64 ? 1e-14 : 1e-6;
            assertThat(relative(slice(wholeOut, 0, split), first.output())).isLessThanOrEqualTo(bound);
            assertThat(relative(slice(wholeOut, split, T), second.output())).isLessThanOrEqualTo(bound);
            for (int k = 0; k < cell.stateCount(); k++) {
                assertThat(relative(wholeFinal.get(k), second.finalState().get(k))).isLessThanOrEqualTo(bound);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void truncatedBackwardEqualsBackwardFromADetachedState(String kind, Precision precision, int projection) {
        int window = 3;
        try (RecurrentCell cell = create(kind, precision, projection)) {
            Tensor x = random(precision, 11, T, N, X);
            Tensor gy = random(precision, 12, T, N, cell.outputSize());
            State gf = randomState(cell, precision, 13);
            Gradients truncated = cell.backward(cell.forward(x, null), Upstream.of(gy, gf).truncatedTo(window));

            ForwardPass head = cell.forward(slice(x, 0, T - window), null);
            State detached = head.finalState();
            Gradients tail = cell.backward(cell.forward(slice(x, T - window, T), detached),
                    Upstream.of(slice(gy, T - window, T), gf));
            double bound = precision == Precision.FLOAT64 ? 1e-12 : 1e-5;
            for (String name : cell.parameters().names()) {
                assertThat(relative(truncated.parameter(name), tail.parameter(name))).as(name).isLessThanOrEqualTo(bound);
            }
            assertThat(relative(slice(truncated.input(), T - window, T), tail.input())).isLessThanOrEqualTo(bound);
            assertThat(maxAbs(slice(truncated.input(), 0, T - window))).as("no gradient before the window").isZero();
            for (int k = 0; k < cell.stateCount(); k++) {
                assertThat(maxAbs(truncated.initialState().get(k))).as("no gradient into h0 when truncated").isZero();
            }
        }
    }

    // ---------------------------------------------------------------- masks

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void maskedStepsChangeNeitherOutputsNorGradients(String kind, Precision precision, int projection) {
        // Sequence 0 is whole, 1 is right-padded to length 4, 2 has holes at t = 1 and 4, 3 has no real step.
        boolean[][] valid = new boolean[T][4];
        for (int t = 0; t < T; t++) {
            valid[t][0] = true;
            valid[t][1] = t < 4;
            valid[t][2] = t != 1 && t != 4;
        }
        Mask mask = Mask.of(valid);
        int n = 4;
        double bound = precision == Precision.FLOAT64 ? 1e-12 : 1e-5; // only summation order differs
        try (RecurrentCell cell = create(kind, precision, projection)) {
            int o = cell.outputSize();
            Tensor x = random(precision, 20, T, n, X);
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < n; b++) {
                    if (!valid[t][b]) {
                        for (int i = 0; i < X; i++) {
                            x.set((t * n + b) * X + i, 50); // padding garbage must not matter
                        }
                    }
                }
            }
            Tensor[] init = new Tensor[cell.stateCount()];
            Tensor[] gfin = new Tensor[cell.stateCount()];
            for (int k = 0; k < init.length; k++) {
                init[k] = random(precision, 21 + k, n, cell.stateSize(k));
                gfin[k] = random(precision, 31 + k, n, cell.stateSize(k));
            }
            Tensor gy = random(precision, 22, T, n, o);
            ForwardPass pass = cell.forward(x, State.of(init), mask);
            Tensor out = pass.output();
            State fin = pass.finalState();
            Gradients g = cell.backward(pass, Upstream.of(gy, State.of(gfin)));

            Map<String, Tensor> summed = new java.util.LinkedHashMap<>();
            for (String name : cell.parameters().names()) {
                summed.put(name, Tensor.zeros(precision, cell.parameters().get(name).shape()));
            }
            for (int b = 0; b < n; b++) {
                List<Integer> real = new ArrayList<>();
                for (int t = 0; t < T; t++) {
                    if (valid[t][b]) {
                        real.add(t);
                    }
                }
                Tensor[] initB = new Tensor[init.length];
                Tensor[] gfinB = new Tensor[init.length];
                for (int k = 0; k < init.length; k++) {
                    initB[k] = rows(init[k], b, 1, cell.stateSize(k));
                    gfinB[k] = rows(gfin[k], b, 1, cell.stateSize(k));
                }
                if (real.isEmpty()) {
                    for (int k = 0; k < init.length; k++) {
                        assertThat(rows(fin.get(k), b, 1, cell.stateSize(k)).maxAbsDiff(initB[k])).as("no real step: state passes through")
                                .isZero();
                        assertThat(rows(g.initialState().get(k), b, 1, cell.stateSize(k)).maxAbsDiff(gfinB[k])).isZero();
                    }
                    continue;
                }
                Tensor xb = Tensor.zeros(precision, real.size(), 1, X);
                Tensor gyb = Tensor.zeros(precision, real.size(), 1, o);
                for (int i = 0; i < real.size(); i++) {
                    copyRow(x, (real.get(i) * n + b) * X, xb, i * X, X);
                    copyRow(gy, (real.get(i) * n + b) * o, gyb, i * o, o);
                }
                ForwardPass pb = cell.forward(xb, State.of(initB));
                Gradients gb = cell.backward(pb, Upstream.of(gyb, State.of(gfinB)));
                for (int t = 0; t < T; t++) {
                    int i = real.indexOf(t);
                    Tensor got = rows(out, t * n + b, 1, o);
                    Tensor gotDx = rows(g.input(), t * n + b, 1, X);
                    if (i < 0) {
                        assertThat(maxAbs(got)).as("masked output is 0").isZero();
                        assertThat(maxAbs(gotDx)).as("masked step gets no input gradient").isZero();
                    } else {
                        assertThat(relative(got, rows(pb.output(), i, 1, o))).as("output t=%d n=%d", t, b).isLessThanOrEqualTo(bound);
                        assertThat(relative(gotDx, rows(gb.input(), i, 1, X))).as("dx t=%d n=%d", t, b).isLessThanOrEqualTo(bound);
                    }
                }
                for (int k = 0; k < init.length; k++) {
                    int width = cell.stateSize(k);
                    assertThat(relative(rows(fin.get(k), b, 1, width), pb.finalState().get(k))).as("final state %d of %d", k, b)
                            .isLessThanOrEqualTo(bound);
                    assertThat(relative(rows(g.initialState().get(k), b, 1, width), gb.initialState().get(k))).as("d initial %d of %d", k, b)
                            .isLessThanOrEqualTo(bound);
                }
                for (String name : cell.parameters().names()) {
                    Tensor acc = summed.get(name);
                    for (int i = 0; i < acc.size(); i++) {
                        acc.set(i, acc.get(i) + gb.parameter(name).get(i));
                    }
                }
            }
            for (String name : cell.parameters().names()) {
                assertThat(relative(g.parameter(name), summed.get(name))).as(name).isLessThanOrEqualTo(bound);
            }
        }
    }

    private static Tensor rows(Tensor t, int firstRow, int count, int width) {
        Tensor out = Tensor.zeros(t.precision(), count, width);
        copyRow(t, firstRow * width, out, 0, count * width);
        return out;
    }

    private static void copyRow(Tensor from, int fromOff, Tensor to, int toOff, int len) {
        for (int i = 0; i < len; i++) {
            to.set(toOff + i, from.get(fromOff + i));
        }
    }

    // ---------------------------------------------------------------- bad input

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void rejectsBadInputWithClearMessages(String kind, Precision precision, int projection) {
        Precision other = precision == Precision.FLOAT32 ? Precision.FLOAT64 : Precision.FLOAT32;
        try (RecurrentCell cell = create(kind, precision, projection); RecurrentCell stranger = create(kind, precision, projection)) {
            int o = cell.outputSize();
            assertThatThrownBy(() -> cell.forward(null, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("input is null");
            assertThatThrownBy(() -> cell.forward(Tensor.zeros(precision, N, X), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[T, N, X]").hasMessageContaining("[2, 3]");
            assertThatThrownBy(() -> cell.forward(Tensor.zeros(precision, T, N, X + 1), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputSize is " + X);
            assertThatThrownBy(() -> cell.forward(Tensor.zeros(precision, 0, N, X), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one step");
            assertThatThrownBy(() -> cell.forward(Tensor.zeros(other, T, N, X), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("convert it");
            Tensor nan = random(precision, 14, T, N, X);
            nan.set(N * X + 2, Double.NaN); // t = 1, n = 0, x = 2
            assertThatThrownBy(() -> cell.forward(nan, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NaN").hasMessageContaining("[1, 0, 2]");
            State inf = randomState(cell, precision, 15);
            inf.h().set(3, Double.POSITIVE_INFINITY);
            assertThatThrownBy(() -> cell.forward(random(precision, 16, T, N, X), inf))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial state").hasMessageContaining("Infinity");
            Tensor[] tooMany = new Tensor[cell.stateCount() + 1];
            for (int k = 0; k < tooMany.length; k++) {
                tooMany[k] = Tensor.zeros(precision, N, k < cell.stateCount() ? cell.stateSize(k) : H);
            }
            assertThatThrownBy(() -> cell.forward(random(precision, 17, T, N, X), State.of(tooMany)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensors");
            assertThatThrownBy(() -> cell.forward(random(precision, 17, T, N, X), State.zeros(precision, cell.stateCount(), N + 1, H)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
            // h one value too wide (with a projection: h of hiddenSize, the commonest slip): the message names the width expected.
            Tensor[] wide = new Tensor[cell.stateCount()];
            for (int k = 0; k < wide.length; k++) {
                wide[k] = Tensor.zeros(precision, N, k == 0 ? (projection == 0 ? o + 1 : H) : cell.stateSize(k));
            }
            assertThatThrownBy(() -> cell.forward(random(precision, 17, T, N, X), State.of(wide)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0] must have shape [" + N + ", " + o + "]");
            assertThatThrownBy(() -> cell.backward(cell.forward(random(precision, 17, T, N, X), null),
                    Upstream.ofFinalState(State.of(wide)))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gradFinal[0] must have shape [" + N + ", " + o + "]");
            assertThatThrownBy(() -> cell.forward(random(precision, 17, T, N, X), null, Mask.ofLengths(T, 1, 2, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask is [6, 3]");

            ForwardPass pass = cell.forward(random(precision, 18, T, N, X), null);
            assertThatThrownBy(() -> cell.backward(pass, Upstream.ofOutput(Tensor.zeros(precision, T, N, o + 1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gradOutput")
                    .hasMessageContaining("[" + T + ", " + N + ", " + o + "]");
            assertThatThrownBy(() -> cell.backward(pass, Upstream.ofOutput(Tensor.zeros(precision, T, N, o)).truncatedTo(T + 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
            assertThatThrownBy(() -> stranger.backward(pass, Upstream.ofOutput(Tensor.zeros(precision, T, N, o))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another cell");
            cell.forward(random(precision, 19, T, N, X), null);
            assertThatThrownBy(() -> cell.backward(pass, Upstream.ofOutput(Tensor.zeros(precision, T, N, o))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("stale");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rejectsNonPositiveSizes(String kind, Precision precision) {
        CellSpec ok = spec(kind, precision);
        assertThatThrownBy(() -> new CellSpec(kind, 0, H, ok.nonlinearity(), true, precision, ok.initialization(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputSize").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new CellSpec(kind, X, -4, ok.nonlinearity(), true, precision, ok.initialization(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hiddenSize").hasMessageContaining("got -4");
    }

    // ---------------------------------------------------------------- projections

    /**
     * A projection that keeps the first P units (W_hr = [I_P | 0]) is the unprojected cell with the columns of W_hh past P
     * set to zero, read in its first P units: the same c, the same gates, h and every gradient the first P columns of the
     * unprojected ones. An exact check of the projected path that needs no reference implementation.
     */
    @ParameterizedTest(name = "{0} {1}", allowZeroInvocations = true) // providers without projections
    @MethodSource("projectedBuiltInCases")
    void aProjectionKeepingTheFirstUnitsIsTheUnprojectedCellReadInThem(String kind, Precision precision) {
        // The same products with exact zeros added; only the order of summation may differ.
        double bound = precision == Precision.FLOAT64 ? 1e-12 : 1e-5;
        try (RecurrentCell projected = create(kind, precision, P); RecurrentCell plain = create(kind, precision, 0)) {
            Map<String, Tensor> weights = new java.util.LinkedHashMap<>(plain.parameters().snapshot());
            Tensor whh = weights.get("weight_hh_l0");
            int rows = whh.dim(0);
            Tensor whhP = Tensor.zeros(precision, rows, P);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < H; j++) {
                    if (j < P) {
                        whhP.set(r * P + j, whh.get(r * H + j));
                    } else {
                        whh.set(r * H + j, 0.0);
                    }
                }
            }
            plain.parameters().load(weights);
            Tensor whr = Tensor.zeros(precision, P, H);
            for (int i = 0; i < P; i++) {
                whr.set(i * H + i, 1.0);
            }
            Map<String, Tensor> projectedWeights = new java.util.LinkedHashMap<>(weights);
            projectedWeights.put("weight_hh_l0", whhP);
            projectedWeights.put("weight_hr_l0", whr);
            projected.parameters().load(projectedWeights);

            Tensor x = random(precision, 40, T, N, X);
            Tensor gy = random(precision, 41, T, N, P);
            State init = randomState(projected, precision, 42);
            State gf = randomState(projected, precision, 43);
            ForwardPass pp = projected.forward(x, init);
            Gradients gp = projected.backward(pp, Upstream.of(gy, gf));
            // The unprojected cell starts from h padded with zeros and is read through zero gradients past P.
            ForwardPass pu = plain.forward(x, State.of(padColumns(init.h(), H), init.c()));
            Gradients gu = plain.backward(pu, Upstream.of(padColumns(gy, H), State.of(padColumns(gf.h(), H), gf.c())));

            Map<String, Double> errors = new java.util.LinkedHashMap<>();
            errors.put("output", relative(pp.output(), firstColumns(pu.output(), P)));
            errors.put("h_n", relative(pp.finalState().h(), firstColumns(pu.finalState().h(), P)));
            errors.put("c_n", relative(pp.finalState().c(), pu.finalState().c()));
            errors.put("grad input", relative(gp.input(), gu.input()));
            errors.put("grad h0", relative(gp.initialState().h(), firstColumns(gu.initialState().h(), P)));
            errors.put("grad c0", relative(gp.initialState().c(), gu.initialState().c()));
            errors.put("grad weight_hh_l0", relative(gp.parameter("weight_hh_l0"), firstColumns(gu.parameter("weight_hh_l0"), P)));
            for (String name : List.of("weight_ih_l0", "bias_ih_l0", "bias_hh_l0")) {
                errors.put("grad " + name, relative(gp.parameter(name), gu.parameter(name)));
            }
            org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
            errors.forEach((name, err) -> soft.assertThat(err).as("%s %s %s", kind, precision.id(), name).isLessThanOrEqualTo(bound));
            soft.assertAll();
        }
    }

    /**
     * A kind the provider offers without a projection: {@link CellProvider#supports} is false for its projected spec, the
     * provider refuses to build it naming the projection, and a registry of this provider alone says why.
     */
    @ParameterizedTest(name = "{0} {1}", allowZeroInvocations = true) // every kind projected, or none that may be
    @MethodSource("unprojectedKinds")
    void aKindWithoutProjectionsRefusesAProjectedSpec(String kind, Precision precision) {
        CellSpec plain = spec(kind, precision);
        assumeThat(plain.hiddenSize()).as("a projection needs H > 1").isGreaterThan(1);
        CellSpec projected = plain.withProjection(plain.hiddenSize() - 1);
        assertThat(provider().supports(plain)).isTrue();
        assertThat(provider().supports(projected)).as("supports(%s with projectionSize %d)", kind, projected.projectionSize()).isFalse();
        assertThatThrownBy(() -> provider().create(projected)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projection");
        assertThatThrownBy(() -> CellRegistry.of(List.of(provider())).create(projected))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(provider().backend() + ": available, but does not offer " + kind + "/" + precision.id()
                        + " with projectionSize " + projected.projectionSize());
    }

    /** {@code t} [..., w] with zero columns appended up to {@code width}. */
    private static Tensor padColumns(Tensor t, int width) {
        int w = t.dim(t.rank() - 1);
        int[] shape = t.shape();
        shape[shape.length - 1] = width;
        Tensor out = Tensor.zeros(t.precision(), shape);
        for (int r = 0; r < t.size() / w; r++) {
            copyRow(t, r * w, out, r * width, w);
        }
        return out;
    }

    /** The first {@code width} columns of {@code t} [..., w]. */
    private static Tensor firstColumns(Tensor t, int width) {
        int w = t.dim(t.rank() - 1);
        int[] shape = t.shape();
        shape[shape.length - 1] = width;
        Tensor out = Tensor.zeros(t.precision(), shape);
        for (int r = 0; r < t.size() / w; r++) {
            copyRow(t, r * w, out, r * width, width);
        }
        return out;
    }

    // ---------------------------------------------------------------- PyTorch

    @ParameterizedTest(name = "{0} {1}", allowZeroInvocations = true) // plugin kinds have no PyTorch fixture
    @MethodSource("goldenCases")
    void matchesPyTorch(String fixture, Precision precision) {
        GoldenFixture g = GoldenFixture.load(fixture);
        CellSpec spec = g.spec(precision);
        try (RecurrentCell cell = provider().create(spec)) {
            java.util.Map<String, Tensor> weights = new java.util.LinkedHashMap<>();
            for (String name : cell.parameters().names()) {
                weights.put(name, g.tensor(name, precision));
            }
            cell.parameters().load(weights);
            boolean lstm = cell.stateCount() == 2;
            State init = lstm ? State.of(g.tensor("h0", precision), g.tensor("c0", precision)) : State.of(g.tensor("h0", precision));
            State gradFinal = lstm ? State.of(g.tensor("grad_h_n", precision), g.tensor("grad_c_n", precision))
                    : State.of(g.tensor("grad_h_n", precision));
            ForwardPass pass = cell.forward(g.tensor("input", precision), init);
            Gradients grads = cell.backward(pass, Upstream.of(g.tensor("grad_output", precision), gradFinal));

            Map<String, Double> errors = new java.util.LinkedHashMap<>();
            errors.put("output", relative(pass.output(), g.tensor("output", Precision.FLOAT64)));
            errors.put("h_n", relative(pass.finalState().h(), g.tensor("h_n", Precision.FLOAT64)));
            if (lstm) {
                errors.put("c_n", relative(pass.finalState().c(), g.tensor("c_n", Precision.FLOAT64)));
                errors.put("grad_c0", relative(grads.initialState().c(), g.tensor("grad_c0", Precision.FLOAT64)));
            }
            errors.put("grad_input", relative(grads.input(), g.tensor("grad_input", Precision.FLOAT64)));
            errors.put("grad_h0", relative(grads.initialState().h(), g.tensor("grad_h0", Precision.FLOAT64)));
            for (String name : cell.parameters().names()) {
                errors.put("grad_" + name, relative(grads.parameter(name), g.tensor("grad_" + name, Precision.FLOAT64)));
            }
            double worst = errors.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double bound = precision == Precision.FLOAT64 ? F64_TORCH_BOUND : F32_TORCH_BOUND;
            System.out.printf("[golden] %s %s %s: max relative error vs PyTorch %.2e (bound %.0e)%n",
                    provider().backend(), fixture, precision.id(), worst, bound);
            org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
            errors.forEach((name, err) -> soft.assertThat(err).as("%s %s %s, relative to PyTorch", fixture, precision.id(), name)
                    .isLessThanOrEqualTo(bound));
            soft.assertAll();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Builds the cell under test for a kind and precision. */
    protected RecurrentCell create(String kind, Precision precision) {
        return provider().create(spec(kind, precision));
    }

    /** Builds the cell under test for a kind and precision, with h projected to {@code projection} values (0: none). */
    protected RecurrentCell create(String kind, Precision precision, int projection) {
        return provider().create(spec(kind, precision).withProjection(projection));
    }

    /** A seeded tensor with values U(−1, 1). */
    public static Tensor random(Precision precision, long seed, int... shape) {
        Tensor t = Tensor.zeros(precision, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, 2 * r.nextDouble() - 1);
        }
        return t;
    }

    private static State randomState(RecurrentCell cell, Precision precision, long seed) {
        Tensor[] t = new Tensor[cell.stateCount()];
        for (int k = 0; k < t.length; k++) {
            t[k] = random(precision, seed * 31 + k, N, cell.stateSize(k));
        }
        return State.of(t);
    }

    /** Steps [from, to) of a time-major tensor, as a copy. */
    public static Tensor slice(Tensor seq, int from, int to) {
        int row = seq.size() / seq.dim(0);
        int[] shape = seq.shape();
        shape[0] = to - from;
        Tensor out = Tensor.zeros(seq.precision(), shape);
        for (int i = 0; i < out.size(); i++) {
            out.set(i, seq.get(from * row + i));
        }
        return out;
    }

    /** max|a − b| / max|b| (normwise relative error; b is the reference). */
    public static double relative(Tensor a, Tensor b) {
        double scale = maxAbs(b);
        return a.maxAbsDiff(b) / (scale == 0 ? 1 : scale);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            m = Math.max(m, Math.abs(t.get(i)));
        }
        return m;
    }

    /** L = Σ output⊙gy + Σ_k final_k⊙gf_k, evaluated in double from a fresh forward call. */
    private static final class Loss {
        private final RecurrentCell cell;
        private final Tensor x;
        private final State init;
        private final Tensor gy;
        private final State gf;

        Loss(RecurrentCell cell, Tensor x, State init, Tensor gy, State gf) {
            this.cell = cell;
            this.x = x;
            this.init = init;
            this.gy = gy;
            this.gf = gf;
        }

        double value() {
            ForwardPass p = cell.forward(x, init);
            double l = dot(p.output(), gy);
            for (int k = 0; k < gf.size(); k++) {
                l += dot(p.finalState().get(k), gf.get(k));
            }
            return l;
        }

        private static double dot(Tensor a, Tensor b) {
            double s = 0;
            for (int i = 0; i < a.size(); i++) {
                s += a.get(i) * b.get(i);
            }
            return s;
        }
    }
}
