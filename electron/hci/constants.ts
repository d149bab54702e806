/**
 * HCI numbers the virtual controller speaks (Core Spec v5.3 Vol 4 Part E: 5.4 packet formats, 7 commands
 * and events). Only what @stoprocent/noble and @stoprocent/bleno send or read is named here.
 */

/** H4 packet indicators (Core Spec Vol 4 Part A 2): the first byte of every packet on the UART. */
export const H4 = { command: 0x01, acl: 0x02, event: 0x04 } as const;

const op = (ogf: number, ocf: number): number => (ogf << 10) | ocf;

export const OP = {
  disconnect: op(0x01, 0x0006),
  setEventMask: op(0x03, 0x0001),
  reset: op(0x03, 0x0003),
  setEventFilter: op(0x03, 0x0005),
  readLeHostSupported: op(0x03, 0x006c),
  writeLeHostSupported: op(0x03, 0x006d),
  readLocalVersion: op(0x04, 0x0001),
  readLocalSupportedCommands: op(0x04, 0x0002),
  readLocalSupportedFeatures: op(0x04, 0x0003),
  readBufferSize: op(0x04, 0x0005),
  readBdAddr: op(0x04, 0x0009),
  readRssi: op(0x05, 0x0005),
  leSetEventMask: op(0x08, 0x0001),
  leReadBufferSize: op(0x08, 0x0002),
  leReadLocalSupportedFeatures: op(0x08, 0x0003),
  leSetRandomAddress: op(0x08, 0x0005),
  leSetAdvertisingParameters: op(0x08, 0x0006),
  leReadAdvertisingTxPower: op(0x08, 0x0007),
  leSetAdvertisingData: op(0x08, 0x0008),
  leSetScanResponseData: op(0x08, 0x0009),
  leSetAdvertiseEnable: op(0x08, 0x000a),
  leSetScanParameters: op(0x08, 0x000b),
  leSetScanEnable: op(0x08, 0x000c),
  leCreateConnection: op(0x08, 0x000d),
  leCreateConnectionCancel: op(0x08, 0x000e),
  leConnectionUpdate: op(0x08, 0x0013),
  leLtkNegativeReply: op(0x08, 0x001b),
  leSetDataLength: op(0x08, 0x0022),
  leReadMaxDataLength: op(0x08, 0x002f),
  leReadPhy: op(0x08, 0x0030),
  leSetDefaultPhy: op(0x08, 0x0031),
  leSetPhy: op(0x08, 0x0032),
} as const;

export const EVT = {
  disconnectionComplete: 0x05,
  commandComplete: 0x0e,
  commandStatus: 0x0f,
  numberOfCompletedPackets: 0x13,
  leMeta: 0x3e,
} as const;

/** LE Meta subevent codes (Vol 4 Part E 7.7.65). */
export const LE_EVT = {
  connectionComplete: 0x01,
  advertisingReport: 0x02,
  connectionUpdateComplete: 0x03,
  dataLengthChange: 0x07,
  phyUpdateComplete: 0x0c,
} as const;

/** Advertising report event types (Vol 4 Part E 7.7.65.2). */
export const ADV = { ind: 0x00, directInd: 0x01, scanInd: 0x02, nonconnInd: 0x03, scanRsp: 0x04 } as const;

/** Error codes (Vol 1 Part F). */
export const STATUS = {
  success: 0x00,
  unknownCommand: 0x01,
  unknownConnectionId: 0x02,
  connectionTimeout: 0x08,
  commandDisallowed: 0x0c,
  invalidParameters: 0x12,
  remoteUserTerminated: 0x13,
  localHostTerminated: 0x16,
} as const;

/** ACL packet boundary flags (Vol 4 Part E 5.4.2). Controllers send 0b10 for a first fragment. */
export const PB = { firstNonFlushable: 0x0, continuing: 0x1, firstFlushable: 0x2 } as const;

/** Largest LE data channel payload with Data Length Extension (Vol 6 Part B 2.4.2.21), and the default. */
export const LL_MAX_OCTETS = 251;
export const LL_DEFAULT_OCTETS = 27;

/** The parameter bytes each command handler of controller.ts reads, at least (a command may carry more). */
export const MIN_PARAMS = new Map<number, number>([
  [OP.leSetAdvertisingParameters, 5],
  [OP.leSetAdvertisingData, 1],
  [OP.leSetScanResponseData, 1],
  [OP.leSetAdvertiseEnable, 1],
  [OP.leSetScanParameters, 1],
  [OP.leSetScanEnable, 2],
  [OP.leCreateConnection, 21],
  [OP.disconnect, 3],
  [OP.readRssi, 2],
  [OP.leConnectionUpdate, 10],
  [OP.leSetDataLength, 4],
  [OP.leReadPhy, 2],
  [OP.leSetPhy, 2],
  [OP.leLtkNegativeReply, 2],
]);
/** Commands the controller answers with Command Status rather than Command Complete. */
export const STATUS_ANSWERED = new Set<number>([OP.leCreateConnection, OP.disconnect, OP.leConnectionUpdate, OP.leSetPhy]);
