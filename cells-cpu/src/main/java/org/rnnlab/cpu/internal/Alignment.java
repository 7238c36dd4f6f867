package org.rnnlab.cpu.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;

/**
 * Where a primitive array's first element lies within a 64-byte cache line, so that packed operands can start their
 * panels on a line: a 512-bit load that spans two lines costs two accesses (GemmPairBenchmark on an Intel Xeon with two
 * 512-bit FMA units: 9–16% less time for products whose panels start on lines; 0–5% with 256-bit loads).
 *
 * <p>Java has no supported way to learn an array's address. HotSpot's is read through {@code sun.misc.Unsafe}, looked up
 * reflectively, decoding a compressed reference where the JVM uses them (the shift found from the references of fresh
 * objects: unshifted ones are all multiples of the object alignment). The answer is a hint and never a matter of
 * correctness: an array the collector moves keeps its values, only its loads may span lines again; and where
 * {@code Unsafe} is missing or its memory access is deprecated with a warning (JDK 24 and later, JEP 471),
 * {@link #lineOffset} says 0 and the products run as unaligned as the allocator placed them.
 */
public final class Alignment {
    /** Bytes per cache line. */
    public static final int LINE = 64;

    private static final Reader READER = Reader.create();

    private Alignment() {
    }

    /**
     * Elements of {@code elementBytes} bytes from {@code array}'s index 0 to the first whose address is a multiple of
     * {@link #LINE}: in [0, LINE / elementBytes), and 0 when the address cannot be read.
     */
    public static int lineOffset(Object array, int elementBytes) {
        long address = address(array);
        if (address < 0 || address % elementBytes != 0) {
            return 0;
        }
        return (int) ((LINE - (address & (LINE - 1))) & (LINE - 1)) / elementBytes;
    }

    /** Whether {@link #lineOffset} can read addresses in this JVM. */
    public static boolean available() {
        return READER != null;
    }

    /**
     * The address of {@code array}'s element 0 as the JVM placed it now (where compressed references have a base, less
     * that base, which is aligned far beyond a line), or −1 when it cannot be read.
     */
    static long address(Object array) {
        if (READER == null) {
            return -1;
        }
        try {
            return READER.address(array);
        } catch (Throwable e) {
            return -1;
        }
    }

    /** Reads references as addresses through Unsafe's method handles. */
    private static final class Reader {
        private final Object unsafe;
        private final MethodHandle getInt;
        private final MethodHandle getLong;
        private final MethodHandle arrayBaseOffset;
        private final long slot;
        private final boolean compressed;
        private int shift;

        private Reader(Object unsafe, MethodHandle getInt, MethodHandle getLong, MethodHandle arrayBaseOffset, long slot,
                       boolean compressed) {
            this.unsafe = unsafe;
            this.getInt = getInt;
            this.getLong = getLong;
            this.arrayBaseOffset = arrayBaseOffset;
            this.slot = slot;
            this.compressed = compressed;
        }

        static Reader create() {
            if (Runtime.version().feature() >= 24) {
                return null; // Unsafe's memory access warns there on first use
            }
            try {
                Class<?> type = Class.forName("sun.misc.Unsafe");
                Field field = type.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                Object unsafe = field.get(null);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle getInt = lookup.findVirtual(type, "getInt", MethodType.methodType(int.class, Object.class, long.class));
                MethodHandle getLong = lookup.findVirtual(type, "getLong", MethodType.methodType(long.class, Object.class, long.class));
                MethodHandle baseOffset = lookup.findVirtual(type, "arrayBaseOffset", MethodType.methodType(int.class, Class.class));
                MethodHandle indexScale = lookup.findVirtual(type, "arrayIndexScale", MethodType.methodType(int.class, Class.class));
                long slot = (int) baseOffset.invoke(unsafe, Object[].class);
                int scale = (int) indexScale.invoke(unsafe, Object[].class);
                if (scale != 4 && scale != 8) {
                    return null;
                }
                Reader reader = new Reader(unsafe, getInt, getLong, baseOffset, slot, scale == 4);
                if (reader.compressed) {
                    int objectAlignment = objectAlignment();
                    boolean shifted = false;
                    Object[] holder = new Object[1];
                    for (int i = 0; i < 64 && !shifted; i++) {
                        holder[0] = new int[i % 7];
                        shifted = ((int) getInt.invoke(unsafe, holder, slot) & (objectAlignment - 1)) != 0;
                    }
                    reader.shift = shifted ? Integer.numberOfTrailingZeros(objectAlignment) : 0;
                }
                return reader;
            } catch (Throwable e) {
                return null;
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

        long address(Object array) throws Throwable {
            Object[] holder = {array};
            long reference = compressed ? ((int) getInt.invoke(unsafe, holder, slot) & 0xFFFF_FFFFL) << shift
                    : (long) getLong.invoke(unsafe, holder, slot);
            return reference + (int) arrayBaseOffset.invoke(unsafe, array.getClass());
        }
    }
}
