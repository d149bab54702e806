import { useEffect } from 'react';
import { useStore } from '../store/store';

/** The confirmation (or error) toast. Stays a few seconds; polite live region so it is announced. */
export function Notice() {
  const notice = useStore((s) => s.notice);
  const dismiss = useStore((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    // Longer for an error or an info notice: each says what happened in a sentence or two.
    const timer = setTimeout(dismiss, notice.kind === 'success' ? 6_000 : 12_000);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice ? (
        <div className={`notice notice-${notice.kind}`}>
          <span>
            {notice.text}
            {notice.hint ? <span className="notice-hint"> {notice.hint}</span> : null}
          </span>
          <button type="button" className="link-button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
