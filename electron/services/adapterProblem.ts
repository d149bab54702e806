import type { ErrorData } from '../protocol/errors';

/** What app.status says while the built-in simulated site stands in for a Bluetooth adapter. */
export const ADAPTER_UNAVAILABLE: ErrorData = {
  code: 'ADAPTER_UNAVAILABLE',
  message: 'No Bluetooth adapter is available, so the built-in simulated site is open.',
  hint: 'Plug in or switch on a Bluetooth adapter and restart the app to work with real devices; until then you can try every flow on the simulated site.',
};
