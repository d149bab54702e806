/**
 * Reasons a Link reports through onDisconnect that the core words differently for the technician.
 * The radio process's transport (electron/radio/) uses this one when the process under a link stopped.
 */
export const RADIO_STOPPED_REASON = 'the Bluetooth service stopped';
