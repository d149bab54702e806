import type { StateCreator } from 'zustand';
import type { AuditKind, AuditRow } from '@ipc/auditTable';
import type { ErrorData } from '@protocol/errors';
import type { Store } from './store';

/** Device Details' audit history (owner only): newest first, a screenful at a time. */
export type AuditHistory =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; error: ErrorData }
  | {
      status: 'ready';
      deviceId: string;
      /** Newest first: pages read, with live events added on top as they happen. */
      rows: AuditRow[];
      /** The `beforeSeq` of the older page; absent once the start of the log is shown. */
      next?: number;
      /** Reading older pages ("Show older", or all of them for Export CSV), with the count so far. */
      reading?: { purpose: 'older' | 'export'; read: number };
      /** Why the last older page or export failed, with the rows read so far kept. */
      error?: ErrorData;
    };

export interface AuditSlice {
  audit: AuditHistory;
  auditFilter: AuditKind | 'all';
}

export const createAuditSlice: StateCreator<Store, [], [], AuditSlice> = () => ({
  audit: { status: 'idle' },
  auditFilter: 'all',
});
