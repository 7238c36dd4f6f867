/**
 * A sweep's output folder: one writer at a time (an OS file lock), a manifest of the settings every point shares (a
 * rerun with other settings is refused, naming the keys), and a crash-safe journal of finished points, telemetry,
 * checkpoints and probes, each keyed by the typed plan. Damage is named by file and line, and repaired where the
 * sweep can reproduce what was lost.
 */
package org.rnnlab.experiments.sweep.store;
