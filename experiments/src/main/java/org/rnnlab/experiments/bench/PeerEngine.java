package org.rnnlab.experiments.bench;

/**
 * A benchmark peer from another library (PyTorch through DJL), found with {@link java.util.ServiceLoader}; compiled
 * only in the Maven profile {@code peers}, so the default class path never carries it.
 */
public interface PeerEngine extends Engine {
}
