import { useEffect, useState } from 'react';
import { call } from '../api';
import { navigate } from '../effects/navigation';

/**
 * Device Details' warning (issue 11, item 2): an intercom with no Entry Device opens nothing, so no code
 * works until one is chosen. Reads the settings once when the session opens; says nothing if it cannot.
 * The owner is offered guided commissioning (gates, settings, test-fire and report in one go) or the settings page.
 */
export function EntryDeviceWarning({ deviceId, offerCommission }: { deviceId: string; /** The owner, with no flow to resume: offer guided commissioning. */ offerCommission: boolean }) {
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    void call('settings.get', { deviceId }).then((result) => {
      if (live && result.ok) setMissing(result.value.settings.entryDevice === null);
    });
    return () => {
      live = false;
    };
  }, [deviceId]);
  if (!missing) return null;
  return (
    <div className="warning entry-warning" role="alert">
      <p>
        <strong>No Entry Device is set.</strong> Codes made on this intercom open nothing until you choose the gate it opens.
      </p>
      <div className="warning-actions">
        {offerCommission ? (
          <button type="button" className="primary" onClick={() => navigate({ screen: 'commission', deviceId })}>
            Commission this intercom
          </button>
        ) : null}
        <button type="button" onClick={() => navigate({ screen: 'settings', deviceId })}>
          Choose the Entry Device
        </button>
      </div>
    </div>
  );
}
