package org.rnnlab.cpu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's caches as Linux reports them ({@code /sys/devices/system/cpu/cpu0/cache}). */
public final class Caches {
    private Caches() {
    }

    /** Bytes of the level-2 cache of one core, or {@code otherwise} where Linux does not tell. */
    public static long l2Bytes(long otherwise) {
        Path caches = Path.of("/sys/devices/system/cpu/cpu0/cache");
        for (int i = 0; i < 10; i++) {
            Path index = caches.resolve("index" + i);
            try {
                if (!Files.isDirectory(index)) {
                    break;
                }
                String level = Files.readString(index.resolve("level")).trim();
                String type = Files.readString(index.resolve("type")).trim();
                if (level.equals("2") && !type.equals("Instruction")) {
                    return parseSize(Files.readString(index.resolve("size")).trim(), otherwise);
                }
            } catch (IOException | RuntimeException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    /** "2048K", "1M" or "524288" as bytes; {@code otherwise} for anything else. */
    static long parseSize(String text, long otherwise) {
        if (!text.matches("[0-9]{1,9}[KMG]?")) {
            return otherwise;
        }
        char unit = text.charAt(text.length() - 1);
        long scale = unit == 'K' ? 1L << 10 : unit == 'M' ? 1L << 20 : unit == 'G' ? 1L << 30 : 1;
        long value = Long.parseLong(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
        return value > 0 ? value * scale : otherwise;
    }
}
