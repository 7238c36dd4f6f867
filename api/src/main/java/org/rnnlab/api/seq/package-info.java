/**
 * The five sequence modes ({@link org.rnnlab.api.seq.SequenceMode}) and the model that runs a network and a head in
 * one of them ({@link org.rnnlab.api.seq.SequenceModel}).
 */
package org.rnnlab.api.seq;
