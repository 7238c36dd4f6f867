/** Learning-rate schedules as in {@code torch.optim.lr_scheduler}, composable. */
package org.rnnlab.optimizers.schedules;
