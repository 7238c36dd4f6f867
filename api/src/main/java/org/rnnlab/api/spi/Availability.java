package org.rnnlab.api.spi;

import java.util.Objects;

/**
 * Result of {@link CellProvider#probe()}: whether a backend can run here, and why (or why not), in words a user
 * can act on, e.g. {@code "unavailable: no CUDA driver (libcuda.so.1 not found)"}.
 *
 * @param available whether the backend can create cells now
 * @param reason    a short human-readable explanation; never blank
 */
public record Availability(boolean available, String reason) {

    /** Rejects a blank reason: every answer says why. */
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an availability needs a reason");
        }
    }

    /** The backend can run; {@code reason} says on what (e.g. the device name). */
    public static Availability available(String reason) {
        return new Availability(true, reason);
    }

    /** The backend cannot run; {@code reason} says why. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }

    @Override
    public String toString() {
        return (available ? "available: " : "unavailable: ") + reason;
    }
}
