package org.rnnlab.cpu;

import java.util.Locale;

/**
 * Which matrix products the cpu backend uses: the JDK Vector API kernel (fast; needs the incubator module
 * {@code jdk.incubator.vector}, i.e. {@code java --add-modules jdk.incubator.vector}) or EJML (portable). {@link #AUTO}
 * takes the Vector API when the module is in the runtime; the system property {@value #PROPERTY} ({@code vector},
 * {@code ejml}) overrides it.
 */
public enum MatrixEngine {
    /** The Vector API when available, else EJML. */
    AUTO,
    /** The Vector API kernel. */
    VECTOR,
    /** EJML. */
    EJML;

    /** System property that chooses the engine. */
    public static final String PROPERTY = "rnnlab.cpu.gemm";

    /** Whether {@code jdk.incubator.vector} is in the boot layer. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The engine actually used: AUTO and the property resolved; VECTOR without the module is an error. */
    public MatrixEngine resolve() {
        MatrixEngine choice = this;
        String p = System.getProperty(PROPERTY);
        if (choice == AUTO && p != null && !p.isBlank()) {
            switch (p.trim().toLowerCase(Locale.ROOT)) {
                case "vector": choice = VECTOR; break;
                case "ejml": choice = EJML; break;
                default: throw new IllegalArgumentException(PROPERTY + "=" + p + " is not a matrix engine; use vector or ejml");
            }
        }
        if (choice == AUTO) {
            return vectorModulePresent() ? VECTOR : EJML;
        }
        if (choice == VECTOR && !vectorModulePresent()) {
            throw new IllegalStateException("the Vector API matrix engine needs the JVM option --add-modules jdk.incubator.vector");
        }
        return choice;
    }
}
