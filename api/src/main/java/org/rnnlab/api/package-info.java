/**
 * rnnlab's public API: cell specs ({@link org.rnnlab.api.CellSpec}), tensors ({@link org.rnnlab.api.Tensor},
 * row-major, time-major sequences {@code [T, N, X]}), cells with backpropagation through time
 * ({@link org.rnnlab.api.RecurrentCell}) and the registry that picks a backend ({@link org.rnnlab.api.CellRegistry}).
 * Parameter names, shapes and gate order follow {@code torch.nn.RNN/GRU/LSTM}.
 */
package org.rnnlab.api;
