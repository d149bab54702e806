import { useStore } from '../store/store';

interface Props {
  deviceId: string;
  name: string;
  onIdentify: (id: string) => Promise<void>;
  /** Out of the Tab order (a picker row: the radio group is one Tab stop; see OptionPicker). */
  inTabOrder?: boolean;
  /** The visible text when it is not simply "Identify" (the picker's button for the highlighted gate). */
  label?: string;
  /** Whether this button shows what happened; a second button for the same gate leaves it to the first. */
  showResult?: boolean;
}

/** "Identify": the gate blinks and clicks. Shows what happened, including failures with their hint. */
export function IdentifyButton({
  deviceId,
  name,
  onIdentify,
  inTabOrder = true,
  label,
  showResult = true,
}: Props) {
  const state = useStore((s) => s.identify[deviceId]);
  return (
    <span className="identify">
      <button
        type="button"
        className="secondary"
        aria-label={label ?? `Identify ${name}`}
        aria-disabled={state?.status === 'pending' || undefined}
        tabIndex={inTabOrder ? undefined : -1}
        onClick={() => {
          // aria-disabled rather than disabled: a disabled button drops keyboard focus out of the picker.
          if (state?.status !== 'pending') void onIdentify(deviceId);
        }}
      >
        {state?.status === 'pending' ? 'Identifying…' : (label ?? 'Identify')}
      </button>
      {showResult ? (
        <span className={`identify-result${state?.status === 'failed' ? ' failed' : ''}`} role="status">
          {state?.status === 'done' ? 'Blinking now' : null}
          {state?.status === 'failed' ? `${state.error.message} ${state.error.hint ?? ''}` : null}
        </span>
      ) : null}
    </span>
  );
}
