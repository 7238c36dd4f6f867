/**
 * Checkpoints as safetensors files under PyTorch's parameter names ({@link org.rnnlab.api.checkpoint.ParameterFiles}),
 * read by a parser that rejects corrupt and hostile files with a clear message ({@link org.rnnlab.api.checkpoint.SafeTensors}).
 */
package org.rnnlab.api.checkpoint;
