import type { ErrorData } from '@protocol/errors';

/** Which screen is showing. A discriminated union keyed by `screen` (../shared/STYLE.md). */
export type Route =
  | { screen: 'devices' }
  | { screen: 'prefs' }
  | { screen: 'site' }
  | { screen: 'device'; deviceId: string }
  | { screen: 'settings'; deviceId: string }
  | { screen: 'testFire'; deviceId: string }
  | { screen: 'setup'; deviceId: string }
  /** Guided commissioning: Claim, Entry and Exit Device, One Time Access Settings, Test-fire, Report. */
  | { screen: 'commission'; deviceId: string };

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: ErrorData };

export interface Notice {
  id: number;
  /** 'info': something the technician should know that needs nothing from them (events read again). */
  kind: 'success' | 'info' | 'error';
  text: string;
  hint?: string;
}
