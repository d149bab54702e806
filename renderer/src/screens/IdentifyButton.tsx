import { useStore } from '../store/store';

/** "Identify": the gate blinks and clicks. Shows what happened, including failures with their hint. */
export function IdentifyButton({ deviceId, name, onIdentify }: { deviceId: string; name: string; onIdentify: (id: string) => Promise<void> }) {
  const state = useStore((s) => s.identify[deviceId]);
  return (
    <span className="identify">
      <button
        type="button"
        className="secondary"
        aria-label={`Identify ${name}`}
        aria-disabled={state?.status === 'pending' || undefined}
        onClick={() => {
          // aria-disabled rather than disabled: a disabled button drops keyboard focus out of the picker.
          if (state?.status !== 'pending') void onIdentify(deviceId);
        }}
      >
        {state?.status === 'pending' ? 'Identifying…' : 'Identify'}
      </button>
      <span className="identify-result" role="status">
        {state?.status === 'done' ? 'Blinking now' : null}
        {state?.status === 'failed' ? `${state.error.message} ${state.error.hint ?? ''}` : null}
      </span>
    </span>
  );
}
