package org.rnnlab.cpu.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;

/**
 * Where a primitive array's first element lies within a 64-byte cache line, so that packed operands can start their
 * panels on a line: a 512-bit load that spans two lines costs two accesses (GemmPairBenchmark on an Intel Xeon with two
 * 512-bit FMA units: 0.74–0.93× the time for products whose panels start on lines; 0.96–1.0× with 256-bit loads).
 *
 * <p>Java has no supported way to learn an array's address. HotSpot's is read through {@code sun.misc.Unsafe}, looked up
 * reflectively, decoding a compressed reference where the JVM uses them (the shift found from the references of fresh
 * objects: unshifted ones are all multiples of the object alignment). The answer is a hint and never a matter of
 * correctness: an array the collector moves keeps its values, only its loads may span lines again; and where
 * {@code Unsafe} is missing or its memory access is deprecated with a warning (JDK 24 and later, JEP 498),
 * {@link #lineOffset} says 0 and the products run as unaligned as the allocator placed them.
 */
public final class Alignment {
    /** Bytes per cache line. */
    public static final int LINE = 64;

    /** Unsafe's getInt and getLong bound to its instance, (Object, long) → int / long; null where unavailable. */
    private static final MethodHandle GET_INT;
    private static final MethodHandle GET_LONG;
    /** Unsafe's arrayBaseOffset bound to its instance, (Class) → int. */
    private static final MethodHandle BASE_OFFSET;
    /** Where element 0 of an Object[] lies. */
    private static final long SLOT;
    private static final boolean COMPRESSED;
    /** The shift of compressed references (0: unscaled). */
    private static final int SHIFT;

    static {
        MethodHandle getInt = null;
        MethodHandle getLong = null;
        MethodHandle baseOffset = null;
        long slot = 0;
        boolean compressed = false;
        int shift = 0;
        if (Runtime.version().feature() < 24) { // Unsafe's memory access warns from JDK 24 on first use
            try {
                Class<?> type = Class.forName("sun.misc.Unsafe");
                Field field = type.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                Object unsafe = field.get(null);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodType read = MethodType.methodType(int.class, Object.class, long.class);
                MethodType ofClass = MethodType.methodType(int.class, Class.class);
                MethodHandle gi = lookup.findVirtual(type, "getInt", read).bindTo(unsafe);
                MethodHandle gl = lookup.findVirtual(type, "getLong", read.changeReturnType(long.class)).bindTo(unsafe);
                MethodHandle bo = lookup.findVirtual(type, "arrayBaseOffset", ofClass).bindTo(unsafe);
                MethodHandle is = lookup.findVirtual(type, "arrayIndexScale", ofClass).bindTo(unsafe);
                slot = (int) bo.invokeExact((Class<?>) Object[].class);
                int scale = (int) is.invokeExact((Class<?>) Object[].class);
                if (scale == 4 || scale == 8) {
                    compressed = scale == 4;
                    if (compressed) {
                        int objectAlignment = objectAlignment();
                        boolean shifted = false;
                        Object[] holder = new Object[1];
                        for (int i = 0; i < 64 && !shifted; i++) {
                            holder[0] = new int[i % 7];
                            shifted = ((int) gi.invokeExact((Object) holder, slot) & (objectAlignment - 1)) != 0;
                        }
                        shift = shifted ? Integer.numberOfTrailingZeros(objectAlignment) : 0;
                    }
                    getInt = gi;
                    getLong = gl;
                    baseOffset = bo;
                }
            } catch (Throwable e) {
                getInt = null;
            }
        }
        GET_INT = getInt;
        GET_LONG = getLong;
        BASE_OFFSET = baseOffset;
        SLOT = slot;
        COMPRESSED = compressed;
        SHIFT = shift;
    }

    private Alignment() {
    }

    /**
     * Elements of {@code elementBytes} bytes from the index 0 of the array in {@code holder[0]} to the first whose
     * address is a multiple of {@link #LINE}: in [0, LINE / elementBytes), and 0 when the address cannot be read. The
     * caller keeps the array in a one-element Object[] of its own, through which its reference is read: so a reading
     * allocates nothing (a thread-local holder would be allocated again and again on the common pool's threads, which
     * drop their thread-locals after each task).
     */
    public static int lineOffset(Object[] holder, int elementBytes) {
        long address = address(holder);
        if (address < 0 || address % elementBytes != 0) {
            return 0;
        }
        return (int) ((LINE - (address & (LINE - 1))) & (LINE - 1)) / elementBytes;
    }

    /** Whether {@link #lineOffset} can read addresses in this JVM. */
    public static boolean available() {
        return GET_INT != null;
    }

    /**
     * The address of element 0 of the array in {@code holder[0]} as the JVM placed it now (where compressed references
     * have a base, less that base, which is aligned far beyond a line), or −1 when it cannot be read.
     */
    static long address(Object[] holder) {
        if (GET_INT == null || holder.length != 1 || holder[0] == null || !holder[0].getClass().isArray()) {
            return -1;
        }
        try {
            long reference = COMPRESSED ? ((int) GET_INT.invokeExact((Object) holder, SLOT) & 0xFFFF_FFFFL) << SHIFT
                    : (long) GET_LONG.invokeExact((Object) holder, SLOT);
            return reference + (int) BASE_OFFSET.invokeExact((Class<?>) holder[0].getClass());
        } catch (Throwable e) {
            return -1;
        }
    }

    /** HotSpot's ObjectAlignmentInBytes (8 unless set). */
    private static int objectAlignment() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean bean =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            int value = Integer.parseInt(bean.getVMOption("ObjectAlignmentInBytes").getValue());
            return Integer.bitCount(value) == 1 ? value : 8;
        } catch (RuntimeException | LinkageError e) {
            return 8;
        }
    }
}
