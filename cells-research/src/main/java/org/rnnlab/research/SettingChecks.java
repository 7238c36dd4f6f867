package org.rnnlab.research;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Range checks for the kinds' settings, with one form of message: the kind, the setting, the range, the value given and
 * the default, so that a bad value in a sweep file says what to write instead.
 */
final class SettingChecks {
    private SettingChecks() {
    }

    /** {@code v} in (0, {@code hi}]. */
    static double positiveAtMost(String kind, String name, double v, double hi, double otherwise) {
        if (!(v > 0 && v <= hi)) {
            throw bad(kind, name, "in (0, " + number(hi) + "]", number(v), number(otherwise));
        }
        return v;
    }

    /** {@code v} ≥ {@code lo}. */
    static double atLeast(String kind, String name, double v, double lo, double otherwise) {
        if (!(v >= lo)) {
            throw bad(kind, name, "at least " + number(lo), number(v), number(otherwise));
        }
        return v;
    }

    /** {@code v} a whole number in [{@code lo}, {@code hi}]. */
    static long wholeNumber(String kind, String name, double v, long lo, long hi, long otherwise) {
        if (!(v >= lo && v <= hi && v == Math.rint(v))) {
            throw bad(kind, name, "a whole number in [" + lo + ", " + hi + "]", number(v), Long.toString(otherwise));
        }
        return (long) v;
    }

    /** The constant of {@code type} whose lower-case name is {@code value}. */
    static <E extends Enum<E>> E choice(String kind, String name, String value, Class<E> type, E otherwise) {
        for (E e : type.getEnumConstants()) {
            if (id(e).equals(value)) {
                return e;
            }
        }
        String known = Arrays.stream(type.getEnumConstants()).map(SettingChecks::id).sorted().collect(Collectors.joining(", "));
        throw bad(kind, name, "one of " + known, "'" + value + "'", id(otherwise));
    }

    /** An enum constant's name in a setting: lower case. */
    static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException bad(String kind, String name, String what, String got, String otherwise) {
        return new IllegalArgumentException("cell kind '" + kind + "': setting '" + name + "' must be " + what + ", got " + got
                + " (leave it out for the default, " + otherwise + ")");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
