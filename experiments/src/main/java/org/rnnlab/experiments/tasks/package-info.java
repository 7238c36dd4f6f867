/** Seeded synthetic tasks that measure how long a lag a recurrent model can bridge, one or more per sequence mode. */
package org.rnnlab.experiments.tasks;
