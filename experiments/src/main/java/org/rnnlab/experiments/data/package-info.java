/**
 * Readers of real data files, as careful as the safetensors reader: IDX (MNIST-format images and labels), UTF-8 text,
 * numeric CSV. A file that is not what it claims is refused with its name and the place, before anything large is
 * allocated; nothing is read twice or held twice.
 */
package org.rnnlab.experiments.data;
