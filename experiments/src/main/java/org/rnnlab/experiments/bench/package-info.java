/**
 * Benchmarks: the JMH suite ({@link org.rnnlab.experiments.bench.CellBenchmark}, engines as enum factories), the quick
 * harness of {@code ./rnnlab bench}, the standard grid and the measured FP32 peak.
 */
package org.rnnlab.experiments.bench;
