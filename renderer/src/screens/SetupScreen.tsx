import { useStore } from '../store/store';
import { navigate } from '../effects/navigation';
import { CommissionOffer, useUnfinishedFlow } from './CommissionOffer';
import { SetupForm } from './SetupForm';

/** First-time setup: claim an unclaimed intercom with the setup key from its label, or commission it step by step. */
export function SetupScreen({ deviceId }: { deviceId: string }) {
  const device = useStore((s) => s.devices.find((d) => d.deviceId === deviceId));
  const name = device?.name ?? 'this intercom';
  const flow = useUnfinishedFlow(deviceId);
  return (
    <section className="screen" aria-labelledby="setup-title">
      <header className="screen-header">
        <button type="button" className="back" onClick={() => navigate({ screen: 'devices' })}>
          ‹ Devices
        </button>
        <h1 id="setup-title">First-time setup</h1>
        <span className="subtitle">{name}</span>
      </header>
      <CommissionOffer deviceId={deviceId} flow={flow} offerNew />
      <div className="card narrow">
        <p>
          {name} is not claimed yet. Claim it to become its owner: you will then choose its gates, create codes and add shared users. You need
          the setup key from the label inside the intercom’s cover.
        </p>
        <SetupForm deviceId={deviceId} />
      </div>
    </section>
  );
}
