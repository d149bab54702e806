import { useStore } from '../store/store';
import { loadStatus } from '../effects/app';

/** A message whose first sentence is its title, in bold; the rest as it is. */
export function BannerText({ text }: { text: string }) {
  const end = text.search(/[.;:]\s/);
  if (end < 0) return <strong>{text}</strong>;
  return (
    <>
      <strong>{text.slice(0, end + 1)}</strong>
      {text.slice(end + 1)}
    </>
  );
}

/** Banners above every screen: the bridge dropped, the simulator is in use, the status could not load. */
export function Banners() {
  const bridge = useStore((s) => s.bridge);
  const appStatus = useStore((s) => s.appStatus);
  return (
    <div className="banners">
      {bridge.status === 'lost' || bridge.status === 'connecting' ? (
        <div className="banner banner-error" role="alert">
          <strong>Connection to the Fluss+ service lost.</strong> Reconnecting
          {bridge.status === 'lost' ? ` (attempt ${bridge.attempt})` : ''}… Changes you make now are not sent until it is back.
        </div>
      ) : null}
      {bridge.status === 'failed' ? (
        <div className="banner banner-error" role="alert">
          <BannerText text={bridge.message} />
        </div>
      ) : null}
      {bridge.status === 'refused' ? (
        <div className="banner banner-error" role="alert">
          <strong>{bridge.message}</strong>
        </div>
      ) : null}
      {appStatus.status === 'ready' && appStatus.value.simulated ? (
        <div className="banner banner-sim" role="note" aria-label="Simulator in use">
          <strong>Simulated site{appStatus.value.siteName ? `: ${appStatus.value.siteName}` : ''}.</strong> No real devices are contacted.
          {appStatus.value.adapterProblem ? (
            <span>
              {' '}
              {appStatus.value.adapterProblem.message} {appStatus.value.adapterProblem.hint ?? ''}
            </span>
          ) : null}
        </div>
      ) : null}
      {appStatus.status === 'ready' && !appStatus.value.simulated && appStatus.value.adapterProblem ? (
        <div className="banner banner-error" role="alert">
          <strong>{appStatus.value.adapterProblem.message}</strong> {appStatus.value.adapterProblem.hint ?? ''}
        </div>
      ) : null}
      {appStatus.status === 'failed' ? (
        <div className="banner banner-error" role="alert">
          <strong>Could not read the app status.</strong> {appStatus.error.message} {appStatus.error.hint ?? ''}{' '}
          <button type="button" className="link-button" onClick={() => void loadStatus()}>
            Try again
          </button>
        </div>
      ) : null}
    </div>
  );
}
