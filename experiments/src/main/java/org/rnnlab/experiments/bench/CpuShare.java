package org.rnnlab.experiments.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * How much of the machine's CPU time went to anything but this JVM between two readings: other processes, and on a
 * virtual machine the time the hypervisor gave away (steal). Read from Linux's {@code /proc/stat} and
 * {@code /proc/self/stat}, both in clock ticks; elsewhere unknown. A benchmark row measured while others took more than
 * a few percent of the CPUs is not comparable with a quiet one.
 *
 * @param busyTicks all CPUs' busy time (user, nice, system, irq, softirq, steal), in ticks
 * @param ownTicks  this process's user and system time, in ticks
 * @param nanos     when it was read
 */
public record CpuShare(long busyTicks, long ownTicks, long nanos) {
    private static final Path STAT = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");
    /** Linux's USER_HZ, the tick of both files on every architecture Linux runs Java on. */
    private static final double TICKS_PER_SECOND = 100;

    /** The current reading, or empty where the files cannot be read (not Linux). */
    public static java.util.Optional<CpuShare> read() {
        try {
            String cpu = Files.readAllLines(STAT, StandardCharsets.US_ASCII).get(0); // "cpu  user nice system idle iowait irq softirq steal …"
            String[] f = cpu.trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7])
                    + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            String self = Files.readString(SELF, StandardCharsets.US_ASCII);
            String[] s = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+"); // fields from 3 on: state is s[0]
            long own = Long.parseLong(s[11]) + Long.parseLong(s[12]); // utime (field 14), stime (field 15)
            return java.util.Optional.of(new CpuShare(busy, own, System.nanoTime()));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The share of all CPUs' time since {@code earlier} that others took, in [0, 1]; empty when the interval is too short
     * for the ticks to say (under half a second).
     */
    public OptionalDouble othersSince(CpuShare earlier) {
        double seconds = (nanos - earlier.nanos) / 1e9;
        if (seconds < 0.5) {
            return OptionalDouble.empty();
        }
        double capacity = seconds * TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors();
        double others = (busyTicks - earlier.busyTicks) - (ownTicks - earlier.ownTicks);
        return OptionalDouble.of(Math.max(0, Math.min(1, others / capacity)));
    }
}
