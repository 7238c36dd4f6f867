package org.rnnlab.experiments.sweep.store;

import java.io.IOException;

/**
 * An output folder that this sweep must not write into: made by another config or version, or damaged where the sweep
 * cannot repair it. The message names the file, the line or the differing keys, and what to do.
 */
public class UnusableFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, where, and what to do */
    public UnusableFolderException(String message) {
        super(message);
    }
}
