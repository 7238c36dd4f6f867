package org.rnnlab.cpu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rnnlab.cpu.internal.f32.VectorGemmF32;
import org.rnnlab.cpu.internal.f64.VectorGemmF64;

class RegisterBlockingTest {

    @Test
    void theBlockingFollowsTheRegisterFileOfTheArchitecture() {
        assertThat(RegisterBlocking.choose("amd64", 256, null)).isEqualTo(RegisterBlocking.SIXTEEN); // AVX2
        assertThat(RegisterBlocking.choose("x86_64", 128, null)).isEqualTo(RegisterBlocking.SIXTEEN); // SSE
        assertThat(RegisterBlocking.choose("amd64", 512, null)).isEqualTo(RegisterBlocking.THIRTY_TWO); // AVX-512
        assertThat(RegisterBlocking.choose("aarch64", 128, null)).isEqualTo(RegisterBlocking.THIRTY_TWO); // NEON
        assertThat(RegisterBlocking.choose("aarch64", 512, null)).isEqualTo(RegisterBlocking.THIRTY_TWO); // SVE
        assertThat(RegisterBlocking.choose("riscv64", 256, null)).isEqualTo(RegisterBlocking.THIRTY_TWO);
        assertThat(RegisterBlocking.choose("sparcv9", 128, null)).isEqualTo(RegisterBlocking.SIXTEEN); // unknown: the safe one
        assertThat(RegisterBlocking.choose("amd64", 512, "16")).isEqualTo(RegisterBlocking.SIXTEEN);
        assertThat(RegisterBlocking.choose("amd64", 256, " 32 ")).isEqualTo(RegisterBlocking.THIRTY_TWO);
        assertThatThrownBy(() -> RegisterBlocking.choose("amd64", 256, "24"))
                .hasMessageContaining("rnnlab.cpu.vector-registers=24").hasMessageContaining("use 16 or 32");
    }

    /** The build runs the product tests in JVMs that set the property: they must get the blocking they ask for. */
    @Test
    void thePropertyChoosesTheBlockingOfEveryProductEngine() {
        String asked = System.getProperty(RegisterBlocking.PROPERTY);
        RegisterBlocking b = RegisterBlocking.machine();
        if (asked != null) {
            assertThat(b.registers()).isEqualTo(Integer.parseInt(asked.trim()));
        }
        assertThat(VectorGemmF64.blocking()).isSameAs(b);
        assertThat(VectorGemmF32.blocking()).isSameAs(b);
        assertThat(b.describe()).startsWith(b.registers() + " vector registers: 6 × " + b.vectors() + "-vector kernels");
    }
}
