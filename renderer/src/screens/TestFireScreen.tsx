import { useEffect } from 'react';
import { useStore } from '../store/store';
import { navigate } from '../effects/navigation';
import { openIntercom } from '../effects/session';
import { SaveReportPanel } from './SaveReportPanel';
import { TestFireAction, TestFireLeavePrompt, TestFireRunView, useTestFireRun } from './TestFireParts';

export function TestFireScreen({ deviceId }: { deviceId: string }) {
  const session = useStore((s) => s.session);
  const mine = useTestFireRun(deviceId);
  useEffect(() => {
    void openIntercom(deviceId);
  }, [deviceId]);
  const shared = session.status === 'open' && session.deviceId === deviceId && session.view.role === 'shared';

  return (
    <section className="screen" aria-labelledby="tf-title">
      <header className="screen-header">
        <button type="button" className="back" onClick={() => navigate({ screen: 'device', deviceId })}>
          ‹ Device Details
        </button>
        <h1 id="tf-title">Test-fire</h1>
        <div className="screen-actions">
          <TestFireAction deviceId={deviceId} />
        </div>
      </header>
      <p className="lead">
        Test-fire proves the site end to end: it creates a real one-time code, enters it at the intercom, checks that the Entry Device and then
        the Exit Device open, checks that a third use is refused, and leaves no test code active.
      </p>
      {shared ? (
        <p className="readonly-reason" role="note">
          Only the owner can run test-fire. Choose “Owner” under Connect as on the Device Details page.
        </p>
      ) : null}
      <TestFireRunView deviceId={deviceId} />
      {mine?.status === 'done' ? <SaveReportPanel deviceId={deviceId} /> : null}
      <TestFireLeavePrompt />
    </section>
  );
}
