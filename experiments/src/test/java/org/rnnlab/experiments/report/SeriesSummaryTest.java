package org.rnnlab.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The memory columns of the summary: heap figures as numbers, a device's marked with the device's memory. */
class SeriesSummaryTest {

    private static SeriesSummary row(long bytes, long full, long tbptt, String device, long deviceBytes) {
        return new SeriesSummary(null, 160, false, false, 1500, 13.3, 0.62, 0.98, 200, 0, bytes, full, tbptt, device, deviceBytes);
    }

    @Test
    void heapFiguresReadAsBeforeAndADevicesSayWhere() {
        SeriesSummary heap = row(47617, 11263, 2085764, "", 0);
        assertThat(heap.bytesPerStepText()).isEqualTo("47617");
        assertThat(heap.maxStepsText()).isEqualTo("11263 / 2085764");
        SeriesSummary device = row(131072, 1_100_000, Long.MAX_VALUE, "NVIDIA H200", 150_000_000_000L);
        assertThat(device.bytesPerStepText()).isEqualTo("131072 (device)");
        assertThat(device.maxStepsText()).isEqualTo("1100000 / any in the device's 140 GiB");
        assertThat(row(-1, -1, -1, "", 0).maxStepsText()).isEqualTo("–");
        assertThat(row(-1, -1, -1, "", 0).bytesPerStepText()).isEqualTo("–");
    }
}
