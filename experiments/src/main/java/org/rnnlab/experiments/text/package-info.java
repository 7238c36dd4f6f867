/**
 * Character-level language modelling: a {@link org.rnnlab.experiments.text.Vocabulary} from the training text, a model
 * trained statefully with truncated BPTT (the state carried across consecutive windows of parallel streams, as
 * Zaremba, Sutskever and Vinyals 2014 train theirs), bits per character on held-out text, and sampling with a
 * temperature from a checkpoint that carries its vocabulary and shape.
 */
package org.rnnlab.experiments.text;
