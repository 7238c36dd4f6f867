package org.rnnlab.gpu.internal;

import org.rnnlab.api.Tensor;

/**
 * Which host tensors a set of device copies holds, and at which {@link Tensor#version() version}: a copy is stale when
 * its slot last received another tensor, or the same tensor before it was written again. The weights of a cell go to
 * the device only when stale, so passes between optimizer steps (evaluation, a benchmark's loop) copy none.
 */
final class ResidentCopies {
    private final Tensor[] from;
    private final long[] versions;

    /** {@code slots} copies, all stale. */
    ResidentCopies(int slots) {
        this.from = new Tensor[slots];
        this.versions = new long[slots];
    }

    /** Whether slot {@code slot} must receive {@code t} again: another tensor, or {@code t} written since. */
    boolean stale(int slot, Tensor t) {
        return from[slot] != t || versions[slot] != t.version();
    }

    /** Records that slot {@code slot} now holds {@code t} as it is. */
    void copied(int slot, Tensor t) {
        from[slot] = t;
        versions[slot] = t.version();
    }
}
