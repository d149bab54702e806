/**
 * How many ATT exchanges (requests plus commands, counted on the air by the virtual controller) connecting
 * to an intercom and reading its settings may cost: issue 7, item 1. One place for the figures the tests
 * hold the app to.
 *
 * Protocol version 2: MTU 1 + Find By Type Value 1 + Read By Type 1 + Find Information 1 (control CCCD)
 * + CCCD write 1 + HELLO 1 + AUTH carrying settings.get 1 = 7 on first contact; a known device swaps the
 * three discovery steps for one validating Read By Type: 5 (docs/protocol.md, "Exchanges on the air").
 * The tests hold the app to the goal: at most 10 and 6.
 */
export const EXCHANGE_BUDGET = {
  /** `fluss settings get` on an intercom this computer has never connected to. */
  firstContact: 10,
  /** The same on an intercom seen before (its GATT layout cached on disk by the previous run). */
  knownDevice: 6,
} as const;

/** Opcodes of GATT discovery: none of them may appear on the air for a known device. */
export const DISCOVERY_OPCODES = ['0x04' /* Find Information */, '0x06' /* Find By Type Value */, '0x10' /* Read By Group Type */] as const;

/** Sim and real-stack counts of the same operation agree within this fraction (issue 7, item 3). */
export const SIM_AGREEMENT = 0.1;
