/**
 * The sweep engine {@code spark}: a sweep's points and probes run as Spark jobs on executors, each with the same
 * {@link org.rnnlab.experiments.sweep.work.Worker} the local engine uses; the driver alone writes the output folder, as
 * results arrive. Spark itself is {@code provided}: a cluster brings its own.
 */
package org.rnnlab.spark;
