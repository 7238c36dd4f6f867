package org.rnnlab.api;

/**
 * The memory a cell holds on a device off the JVM heap (a GPU), as its backend counts its own allocations.
 *
 * @param device     the device, in words (name and index)
 * @param cellBytes  bytes this cell holds there now: its weights and the buffers of its latest pass shapes
 * @param totalBytes the device's memory
 */
public record DeviceMemory(String device, long cellBytes, long totalBytes) {
    /** Validates: non-negative sizes, a device named. */
    public DeviceMemory {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("a device memory reading needs the device's name");
        }
        if (cellBytes < 0 || totalBytes < 0) {
            throw new IllegalArgumentException("device memory cannot be negative: cell " + cellBytes + ", total " + totalBytes + " bytes");
        }
    }
}
