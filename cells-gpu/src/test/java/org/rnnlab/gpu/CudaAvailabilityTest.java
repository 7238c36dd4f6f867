package org.rnnlab.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.rnnlab.api.BackendUnavailableException;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.cpu.CpuCellProvider;
import org.junit.jupiter.api.Test;

/** Runs on every machine: the probe never throws and says why; the registry falls back to (or prefers over) the CPU. */
class CudaAvailabilityTest {

    @Test
    void probeReportsAReasonEitherWayAndNeverThrows() {
        Availability first = new CudaCellProvider().probe();
        Availability again = new CudaCellProvider().probe();
        System.out.println("[cuda] probe: " + first);
        assertThat(first.reason()).isNotBlank();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void theRegistryPicksCudaWhenAvailableAndTheCpuOtherwise() {
        CudaCellProvider cuda = new CudaCellProvider();
        CellRegistry registry = CellRegistry.of(List.of(new CpuCellProvider(), cuda));
        CellSpec spec = CellSpec.of("lstm", 3, 4).withPrecision(Precision.FLOAT32);
        String expected = cuda.probe().available() ? "cuda" : "cpu";
        assertThat(registry.select(spec).backend()).isEqualTo(expected);
        assertThat(registry.describe()).contains("cuda").contains(cuda.probe().reason());
        // float64 always falls to the CPU: the cuda backend offers float32 only.
        assertThat(registry.select(spec.withPrecision(Precision.FLOAT64)).backend()).isEqualTo("cpu");
    }

    @Test
    void creatingWithoutADeviceSaysWhyAndFloat64IsRefusedWithAdvice() {
        CudaCellProvider cuda = new CudaCellProvider();
        assertThatThrownBy(() -> cuda.create(CellSpec.of("gru", 3, 4).withPrecision(Precision.FLOAT64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
        assertThatThrownBy(() -> cuda.create(CellSpec.of("mgu", 3, 4).withPrecision(Precision.FLOAT32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mgu");
        if (!cuda.probe().available()) {
            assertThatThrownBy(() -> cuda.create(CellSpec.of("gru", 3, 4).withPrecision(Precision.FLOAT32)))
                    .isInstanceOf(BackendUnavailableException.class).hasMessageContaining(cuda.probe().reason());
        }
    }

    /**
     * The cuda kernels keep every state at H: a projected LSTM is not claimed, so the registry gives it to the cpu backend
     * whether or not a device is here, and chosen explicitly cuda says why.
     */
    @Test
    void aProjectedLstmIsRefusedAndGoesToTheCpu() {
        CudaCellProvider cuda = new CudaCellProvider();
        CellSpec projected = CellSpec.of("lstm", 3, 4).withProjection(2).withPrecision(Precision.FLOAT32);
        assertThat(cuda.offersProjection("lstm")).isFalse();
        assertThat(cuda.supports(projected)).isFalse();
        assertThat(cuda.supports(projected.withProjection(0))).isTrue();
        assertThatThrownBy(() -> cuda.create(projected)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the cuda backend has no projection of h (projectionSize 2)");
        CellRegistry registry = CellRegistry.of(List.of(new CpuCellProvider(), cuda));
        assertThat(registry.select(projected).backend()).isEqualTo("cpu");
        if (cuda.probe().available()) {
            assertThatThrownBy(() -> registry.withBackend("cuda").select(projected)).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("does not offer lstm/float32 with projectionSize 2").hasMessageContaining("no projections");
        }
    }

    @Test
    void priorityIsAboveTheCpu() {
        assertThat(new CudaCellProvider().priority()).isGreaterThan(new CpuCellProvider().priority());
        assertThat(new CudaCellProvider().precisions("lstm")).containsExactly(Precision.FLOAT32);
    }
}
