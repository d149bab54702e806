/** One row of a settings group: its label, its value, "Changed" until saved, and a chevron when it opens a picker. */
interface RowProps {
  label: string;
  value: string;
  onOpen: () => void;
  readOnly: boolean;
  /** Differs from what the device holds: marked until saved or changed back (issue 10, bug 4.3). */
  changed: boolean;
}

export function SettingRow({ label, value, onOpen, readOnly, changed }: RowProps) {
  return (
    <li>
      <button
        type="button"
        className={`setting-row${changed ? ' changed' : ''}`}
        aria-haspopup={readOnly ? undefined : 'dialog'}
        aria-disabled={readOnly || undefined}
        onClick={readOnly ? undefined : onOpen}
      >
        <span className="setting-label">{label}</span>
        <span className="setting-value">{value}</span>
        {changed ? <span className="setting-changed">Changed</span> : null}
        {readOnly ? null : (
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        )}
      </button>
    </li>
  );
}
