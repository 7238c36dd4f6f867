/**
 * The contract test kit, published in the api test-jar: {@link org.rnnlab.api.contract.CellContract} for providers,
 * {@link org.rnnlab.api.contract.GradientCheck} for finite differences, {@link org.rnnlab.api.contract.GoldenFixture}
 * for PyTorch reference values.
 */
package org.rnnlab.api.contract;
