/**
 * The resolved sweep: a {@link org.rnnlab.experiments.sweep.SweepConfig} whose every name (task, cell, initialization,
 * optimizer, clipping, backend) has been checked once, at load, and expanded into typed, immutable, serialisable
 * {@link org.rnnlab.experiments.sweep.plan.Series} and {@link org.rnnlab.experiments.sweep.plan.Point}s. Every engine
 * (local cores, Spark) runs the same plan; every result and probe is keyed by these records, never by re-parsed text.
 */
package org.rnnlab.experiments.sweep.plan;
