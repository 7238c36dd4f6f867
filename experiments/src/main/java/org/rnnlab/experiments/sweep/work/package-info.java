/**
 * Where a sweep's work runs. The driver ({@link org.rnnlab.experiments.sweep.SweepRunner}) decides what to run and
 * alone writes the output folder; a {@link org.rnnlab.experiments.sweep.work.PointExecutor} runs each piece of
 * {@link org.rnnlab.experiments.sweep.work.Work} somewhere (threads of this JVM, or Spark executors) with a
 * {@link org.rnnlab.experiments.sweep.work.Worker} and hands back a serialisable
 * {@link org.rnnlab.experiments.sweep.work.WorkResult}. A point's result depends only on the point, so every engine
 * writes the same rows.
 */
package org.rnnlab.experiments.sweep.work;
