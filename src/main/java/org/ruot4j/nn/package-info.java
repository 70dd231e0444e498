/**
 * Neural networks of ruot4j (DESIGN.md §3.2): {@link org.ruot4j.nn.Mlp} on the input [t, x] whose forward pass
 * also returns ∂t, ∇x (explicit reverse sweep) and div_x (forward tangents, exact or Hutchinson) as ordinary tensor
 * ops, so one first-order backward gives every weight gradient; {@link org.ruot4j.nn.ParameterStore} (named
 * parameters in one long-lived manager, own atomic file format, in-memory snapshots); optimizers
 * ({@link org.ruot4j.nn.Adam}, {@link org.ruot4j.nn.AdamW}, {@link org.ruot4j.nn.Sgd}) with PyTorch semantics and
 * {@link org.ruot4j.nn.LrSchedule}s; {@link org.ruot4j.nn.Devices}; and {@link org.ruot4j.nn.DeepRuotImport} for
 * DeepRUOT PyTorch checkpoints.
 *
 * <p>Memory: every op puts its result in the manager of its first operand; {@code Mlp} keeps all temporaries in
 * the manager of x. Wrap each training step in {@code try (NDScope scope = new NDScope()) {...}} so they are freed.
 */
package org.ruot4j.nn;
