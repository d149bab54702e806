/**
 * How many ATT exchanges (requests plus commands, counted on the air by the virtual controller) connecting
 * to an intercom and reading its settings may cost: issue 7, item 1. One place for the figures the tests
 * hold the app to.
 *
 * Protocol version 2: MTU 1 + Find By Type Value 1 + Read By Type 1 + Find Information 1 (control CCCD)
 * + CCCD write 1 + HELLO 1 + AUTH carrying settings.get 1 = 7 on first contact; a known device swaps the
 * three discovery steps for one validating Read By Type: 5 (docs/protocol.md, "Exchanges on the air").
 * The tests hold the app to the goal: at most 10 and 6.
 *
 * A gate during a test-fire is a listening session (issue 7, item 6): MTU 1 + Read By Type 1 (the cached
 * layout still valid?) + CCCD write 1 + HELLO 1 = 4 for a gate seen before, whatever the legs; no AUTH, no
 * request; its relay events are notifications. First contact swaps the one Read By Type for discovery: 6.
 */
export const EXCHANGE_BUDGET = {
  /** `fluss settings get` on an intercom this computer has never connected to. */
  firstContact: 10,
  /** The same on an intercom seen before (its GATT layout cached on disk by the previous run). */
  knownDevice: 6,
  /** The gate's own exchanges during a whole `fluss test-fire` (both legs), a gate seen before. */
  knownGateTestFire: 4,
} as const;

/** Opcodes of GATT discovery: none of them may appear on the air for a known device. */
export const DISCOVERY_OPCODES = ['0x04' /* Find Information */, '0x06' /* Find By Type Value */, '0x10' /* Read By Group Type */] as const;

/** Sim and real-stack counts of the same operation agree within this fraction (issue 7, item 3). */
export const SIM_AGREEMENT = 0.1;
