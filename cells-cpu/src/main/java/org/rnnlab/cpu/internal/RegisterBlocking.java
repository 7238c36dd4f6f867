package org.rnnlab.cpu.internal;

import java.util.Locale;
import jdk.incubator.vector.VectorShape;

/**
 * How much of C the cpu backend's matrix products keep in vector registers: the register blocking of their
 * micro-kernels, chosen once per JVM from the machine's vector register file (Goto and van de Geijn 2008: the
 * accumulators, the loaded row of B and a broadcast of A must all fit). Both precisions use the same blocking (a
 * vector holds half as many doubles, so panels are half as wide in values).
 *
 * <p>Chosen from the architecture and the widest vector the JIT offers: x86 with 512-bit vectors (AVX-512) has 32
 * vector registers; x86 with 256-bit vectors (AVX2, or AVX-512 hardware run with {@code -XX:UseAVX=2}) has 16; ARM
 * (NEON, SVE), RISC-V (RVV) and POWER have 32 or more. The system property {@value #PROPERTY} ({@code 16} or {@code 32})
 * overrides the choice: both blockings are tested on every machine that way.
 */
public enum RegisterBlocking {
    /**
     * 16 vector registers: 6 rows × 2 vectors of C (12 accumulators; with two vectors of B and a broadcast, 15
     * registers), A packed into [k][6] per group of rows so that its six broadcasts per k are adjacent.
     */
    SIXTEEN(16, 6, 2, true),
    /** 32 vector registers: 6 rows × 4 vectors of C (24 accumulators), A read in place. */
    THIRTY_TWO(32, 6, 4, false);

    /** The system property that chooses a blocking by its register count: {@code 16} or {@code 32}. */
    public static final String PROPERTY = "rnnlab.cpu.vector-registers";

    private final int registers;
    private final int rows;
    private final int vectors;
    private final boolean packsA;

    RegisterBlocking(int registers, int rows, int vectors, boolean packsA) {
        this.registers = registers;
        this.rows = rows;
        this.vectors = vectors;
        this.packsA = packsA;
    }

    /** The blocking for this JVM: {@value #PROPERTY} when set, else from the architecture and the widest vector. */
    public static RegisterBlocking machine() {
        return Holder.MACHINE;
    }

    /**
     * The blocking for an architecture ({@code os.arch}) and the widest vector of the JIT, unless {@code override}
     * (the property's value, or null) names one.
     *
     * @throws IllegalArgumentException for an override that is not 16 or 32
     */
    public static RegisterBlocking choose(String arch, int vectorBits, String override) {
        if (override != null && !override.isBlank()) {
            switch (override.trim()) {
                case "16": return SIXTEEN;
                case "32": return THIRTY_TWO;
                default: throw new IllegalArgumentException(PROPERTY + "=" + override + " is not a register count the matrix "
                        + "products have kernels for; use 16 or 32");
            }
        }
        String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
        boolean x86 = a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.startsWith("i386") || a.startsWith("i686");
        if (x86) {
            return vectorBits >= 512 ? THIRTY_TWO : SIXTEEN;
        }
        boolean wide = a.equals("aarch64") || a.equals("arm64") || a.startsWith("riscv") || a.startsWith("ppc64") || a.startsWith("s390");
        return wide ? THIRTY_TWO : SIXTEEN;
    }

    /** Vector registers the blocking is made for. */
    public int registers() {
        return registers;
    }

    /** Rows of C per call of the main kernel. */
    public int rows() {
        return rows;
    }

    /** Vectors per panel of packed B (and per row of a kernel's tile of C). */
    public int vectors() {
        return vectors;
    }

    /** Whether each group of A's rows is packed into [k][rows] before the kernels read it. */
    public boolean packsA() {
        return packsA;
    }

    /** For reports: "16 vector registers: 6 × 2-vector kernels, A packed". */
    public String describe() {
        return registers + " vector registers: " + rows + " × " + vectors + "-vector kernels" + (packsA ? ", A packed" : "");
    }

    /** Lazily: the Vector API module is looked at only when a product engine needs it. */
    private static final class Holder {
        static final RegisterBlocking MACHINE = choose(System.getProperty("os.arch"), VectorShape.preferredShape().vectorBitSize(),
                System.getProperty(PROPERTY));
    }
}
