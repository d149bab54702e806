import type { ReactNode } from 'react';
import type { ErrorData } from '@protocol/errors';

/** Every failure says what happened (message) and what to do next (hint or action). */
export function ErrorNotice({ error, title, children }: { error: ErrorData; title?: string; children?: ReactNode }) {
  return (
    <div className="error-notice" role="alert">
      {title ? <p className="error-title">{title}</p> : null}
      <p className="error-message">{error.message}</p>
      <p className="error-hint">{error.hint ?? 'Try again. If it keeps failing, move closer to the device and check it has power.'}</p>
      {children ? <div className="error-actions">{children}</div> : null}
    </div>
  );
}

/** Long work shows progress. */
export function Busy({ label }: { label: string }) {
  return (
    <p className="busy" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
