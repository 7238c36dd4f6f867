package org.rnnlab.experiments.sweep.store;

import java.io.IOException;

/** Another sweep holds the output folder's lock. */
public class FolderInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message which folder, who holds it, what to do */
    public FolderInUseException(String message) {
        super(message);
    }
}
