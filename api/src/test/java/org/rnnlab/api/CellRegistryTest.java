package org.rnnlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;

class CellRegistryTest {

    /** A provider whose every answer is set by the test. */
    private record Fake(String backend, int priority, Set<String> kinds, Availability availability, boolean probeThrows)
            implements CellProvider {
        @Override
        public Availability probe() {
            if (probeThrows) {
                throw new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file");
            }
            return availability;
        }

        @Override
        public Set<Precision> precisions(String kind) {
            return backend.equals("gpu") ? EnumSet.of(Precision.FLOAT32) : EnumSet.allOf(Precision.class);
        }

        @Override
        public RecurrentCell create(CellSpec spec) {
            throw new AssertionError("not needed: the tests only select");
        }
    }

    private static final Fake CPU = new Fake("cpu", 100, Set.of("rnn", "gru", "lstm"), Availability.available("pure Java"), false);
    private static final Fake GPU = new Fake("gpu", 200, Set.of("lstm"), Availability.unavailable("no CUDA driver"), false);
    private static final Fake BROKEN = new Fake("broken", 300, Set.of("lstm"), null, true);
    private static final Fake REF = new Fake("reference", 10, Set.of("rnn", "gru", "lstm"), Availability.available("pure Java"), false);

    private static final CellSpec LSTM = CellSpec.of("lstm", 3, 4);

    @Test
    void picksTheHighestPriorityAvailableProviderThatSupportsTheSpec() {
        CellRegistry r = CellRegistry.of(List.of(REF, GPU, CPU, BROKEN));
        assertThat(r.select(LSTM).backend()).isEqualTo("cpu");
        CellRegistry withGpu = CellRegistry.of(List.of(REF, CPU,
                new Fake("gpu", 200, Set.of("lstm"), Availability.available("H100"), false)));
        assertThat(withGpu.select(LSTM).backend()).isEqualTo("gpu");
        assertThat(withGpu.select(LSTM.withPrecision(Precision.FLOAT64)).backend()).as("gpu has no float64").isEqualTo("cpu");
    }

    @Test
    void aThrowingProbeIsReportedAsUnavailableAndDoesNotStopDiscovery() {
        CellRegistry r = CellRegistry.of(List.of(BROKEN, CPU));
        assertThat(r.select(LSTM).backend()).isEqualTo("cpu");
        assertThat(r.report()).extracting(ProviderStatus::backend).containsExactly("broken", "cpu");
        assertThat(r.report().get(0).availability().available()).isFalse();
        assertThat(r.report().get(0).availability().reason()).contains("probe failed").contains("libcuda.so.1");
    }

    @Test
    void anUnknownExplicitBackendNamesEveryProviderAndWhy() {
        CellRegistry r = CellRegistry.of(List.of(REF, GPU, CPU)).withBackend("cuda");
        assertThatThrownBy(() -> r.select(LSTM)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("unknown backend 'cuda'")
                .hasMessageContaining("known: gpu, cpu, reference")
                .hasMessageContaining("no CUDA driver")
                .hasMessageContaining("pure Java")
                .hasMessageContaining("rnnlab.backend");
    }

    @Test
    void anUnavailableExplicitBackendFailsFastWithItsReason() {
        CellRegistry r = CellRegistry.of(List.of(REF, GPU, CPU)).withBackend("GPU");
        assertThatThrownBy(() -> r.select(LSTM)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("backend 'gpu'").hasMessageContaining("is unavailable: no CUDA driver")
                .hasMessageContaining("available backends (cpu, reference)");
    }

    @Test
    void anExplicitBackendThatLacksTheKindSaysWhatItOffers() {
        CellRegistry r = CellRegistry.of(List.of(REF, CPU, new Fake("gpu", 200, Set.of("lstm"), Availability.available("H100"), false)))
                .withBackend("gpu");
        assertThatThrownBy(() -> r.select(CellSpec.of("gru", 3, 4))).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("does not offer gru/float32").hasMessageContaining("lstm in float32");
        assertThat(r.select(LSTM).backend()).isEqualTo("gpu");
    }

    @Test
    void whenNothingCanServeTheErrorListsEachProviderAndWhyItWasSkipped() {
        CellRegistry r = CellRegistry.of(List.of(GPU, REF));
        assertThatThrownBy(() -> r.select(CellSpec.of("mgu", 3, 4))).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("no backend can run mgu/float32")
                .hasMessageContaining("gpu: unavailable: no CUDA driver")
                .hasMessageContaining("reference: available, but does not offer mgu/float32");
        assertThatThrownBy(() -> CellRegistry.of(List.of()).select(LSTM)).hasMessageContaining("no provider on the class path");
    }

    /** A provider that projects the LSTM: the {@link Fake} cpu with {@code offersProjection}. */
    private static final CellProvider PROJECTING = new CellProvider() {
        @Override
        public String backend() {
            return "projecting";
        }

        @Override
        public int priority() {
            return 50;
        }

        @Override
        public Set<String> kinds() {
            return Set.of("lstm");
        }

        @Override
        public boolean offersProjection(String kind) {
            return kind.equals("lstm");
        }

        @Override
        public Availability probe() {
            return Availability.available("pure Java");
        }

        @Override
        public RecurrentCell create(CellSpec spec) {
            throw new AssertionError("not needed: the tests only select");
        }
    };

    @Test
    void aProjectedSpecGoesToAProviderThatProjectsAndTheOthersSayTheyDoNot() {
        CellSpec projected = LSTM.withProjection(2);
        // CPU (priority 100) offers lstm but, by CellProvider's default, no projection: it must not claim the spec.
        assertThat(CPU.supports(LSTM)).isTrue();
        assertThat(CPU.supports(projected)).isFalse();
        assertThat(CellRegistry.of(List.of(CPU, PROJECTING)).select(projected).backend()).isEqualTo("projecting");
        assertThat(CellRegistry.of(List.of(CPU, PROJECTING)).select(LSTM).backend()).isEqualTo("cpu");
        assertThatThrownBy(() -> CellRegistry.of(List.of(CPU, REF)).select(projected)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("no backend can run lstm/float32 with projectionSize 2")
                .hasMessageContaining("cpu: available, but does not offer lstm/float32 with projectionSize 2 (gru in float32/float64, "
                        + "lstm in float32/float64, rnn in float32/float64; no projections)")
                .hasMessageContaining("or leave projectionSize at 0.");
        assertThatThrownBy(() -> CellRegistry.of(List.of(CPU, PROJECTING)).withBackend("cpu").select(projected))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("backend 'cpu' (from explicit choice) does not offer lstm/float32 with projectionSize 2");
        assertThatThrownBy(() -> CellRegistry.of(List.of(CPU)).withBackend("projecting").select(LSTM))
                .hasMessageContaining("unknown backend 'projecting'");
        assertThatThrownBy(() -> CellRegistry.of(List.of(PROJECTING, CPU)).withBackend("projecting").select(CellSpec.of("gru", 3, 4)))
                .hasMessageContaining("lstm in float32/float64 (with projections)");
    }

    @Test
    void discoveryFindsTheTestPluginThroughServiceLoader() {
        assertThat(CellRegistry.discover().report()).extracting(ProviderStatus::backend).contains("mgu-plugin");
    }
}
