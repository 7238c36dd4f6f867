/** Tests of the research cells: the contract kit for every kind and setting, and each cell's own known values. */
package org.rnnlab.research;
