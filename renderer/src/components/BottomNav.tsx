import { useStore } from '../store/store';
import { navigate } from '../effects/navigation';

/** Bottom navigation, as in the seed ("tap Devices in the bottom navigation"). */
export function BottomNav() {
  const screen = useStore((s) => s.route.screen);
  const onDevices = screen !== 'prefs' && screen !== 'site';
  return (
    <nav className="bottom-nav" aria-label="Main">
      <button type="button" className="nav-item" aria-current={onDevices ? 'page' : undefined} onClick={() => navigate({ screen: 'devices' })}>
        <span className="nav-icon" aria-hidden="true">
          ▦
        </span>
        Devices
      </button>
      <button type="button" className="nav-item" aria-current={screen === 'site' ? 'page' : undefined} onClick={() => navigate({ screen: 'site' })}>
        <span className="nav-icon" aria-hidden="true">
          ☰
        </span>
        Site
      </button>
      <button type="button" className="nav-item" aria-current={screen === 'prefs' ? 'page' : undefined} onClick={() => navigate({ screen: 'prefs' })}>
        <span className="nav-icon" aria-hidden="true">
          ⚙
        </span>
        Preferences
      </button>
    </nav>
  );
}
