import { useEffect, useState } from 'react';
import { useStore } from '../store/store';
import { normalizeSetupKey } from '../store/setupSlice';
import { claimIntercom, type AfterClaim } from '../effects/setup';
import { Busy, ErrorNotice } from '../components/ErrorNotice';

/**
 * The claim itself: the setup key from the intercom's label, with the wait after wrong keys. Used by
 * First-time setup and by the Claim step of guided commissioning (`then` says where to go once claimed).
 */
export function SetupForm({ deviceId, then = 'details', onDone }: { deviceId: string; then?: AfterClaim; /** Told when a claim ends, claimed or not. */ onDone?: (claimed: boolean) => void }) {
  const claim = useStore((s) => s.claim);
  const device = useStore((s) => s.devices.find((d) => d.deviceId === deviceId));
  const [key, setKey] = useState('');
  const [touched, setTouched] = useState(false);
  const backoff = useStore((s) => s.claimBackoff[deviceId]);
  // Seconds until the next try is allowed, counted down from the clock (not from when the page opened).
  const [waitS, setWaitS] = useState(0);
  useEffect(() => {
    const update = () => setWaitS(backoff ? Math.max(0, Math.ceil((backoff.retryAt - Date.now()) / 1000)) : 0);
    const first = setTimeout(update, 0);
    const t = setInterval(update, 500);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [backoff]);
  const blocked = claim.status === 'claiming' || waitS > 0;
  const keyOk = normalizeSetupKey(key) !== null;
  const name = device?.name ?? 'this intercom';

  const submit = (e: React.SyntheticEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!keyOk || blocked) return;
    void claimIntercom(deviceId, key, then).then((claimed) => onDone?.(claimed));
  };

  return (
    <>
      <form onSubmit={submit} noValidate className="stack">
        <label className="field">
          <span>Setup key</span>
          <input
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-invalid={touched && !keyOk}
            aria-describedby="key-help"
            autoComplete="off"
            spellCheck={false}
            placeholder="xxxx-xxxx-xxxx-xxxx-xxxx-xxxx-xxxx-xxxx"
          />
        </label>
        <p id="key-help" className={touched && !keyOk ? 'field-error' : 'muted'}>
          {touched && !keyOk ? 'That is not a setup key: it must be 32 hex digits (0–9, a–f); dashes are fine.' : '32 hex digits; dashes are fine.'}
        </p>
        <div>
          {/* aria-disabled, not disabled: the button keeps focus while the claim runs or the wait counts down. */}
          <button type="submit" className="primary" aria-disabled={blocked || undefined} aria-describedby={waitS > 0 ? 'claim-wait' : undefined}>
            {claim.status === 'claiming' ? 'Claiming…' : 'Claim intercom'}
          </button>
        </div>
        {backoff && waitS > 0 ? (
          <p id="claim-wait" className="warning">
            {backoff.failures} wrong setup keys in a row. You can try again in {waitS} s.
          </p>
        ) : null}
      </form>
      {claim.status === 'claiming' ? <Busy label={`Claiming ${name}: connecting, checking the setup key and storing your owner key…`} /> : null}
      {claim.status === 'failed' ? <ErrorNotice error={claim.error} title="The intercom was not claimed." /> : null}
    </>
  );
}
