package org.rnnlab.experiments.sweep.store;

import java.io.Serializable;

/**
 * Where and how long a point ran: the only values of a row that may differ between two runs of the same point.
 *
 * @param backend the backend that ran the cells
 * @param seconds wall time
 * @param host    the machine (an executor's host on Spark)
 */
public record RunInfo(String backend, double seconds, String host) implements Serializable {
}
