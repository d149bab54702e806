import { Suspense } from 'react';
import { useStore } from './store/store';
import { Banners } from './components/Banners';
import { BottomNav } from './components/BottomNav';
import { Notice } from './components/Notice';
import { DevicesScreen } from './screens/DevicesScreen';
import { AccessSettingsScreen, CommissionFlowScreen, DeviceDetailsScreen, PrefsScreen, SetupScreen, SiteOverviewScreen, TestFireScreen } from './screens/lazyScreens';
import { useScreenFocus } from './hooks/useScreenFocus';
import { useStickyInsets } from './hooks/useStickyInsets';
import { useLeaveWarning } from './hooks/useLeaveWarning';
import type { Route } from './store/types';

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'devices':
      return <DevicesScreen />;
    case 'prefs':
      return <PrefsScreen />;
    case 'site':
      return <SiteOverviewScreen />;
    case 'device':
      return <DeviceDetailsScreen key={route.deviceId} deviceId={route.deviceId} />;
    case 'settings':
      return <AccessSettingsScreen key={route.deviceId} deviceId={route.deviceId} />;
    case 'testFire':
      return <TestFireScreen key={route.deviceId} deviceId={route.deviceId} />;
    case 'setup':
      return <SetupScreen key={route.deviceId} deviceId={route.deviceId} />;
    case 'commission':
      return <CommissionFlowScreen key={route.deviceId} deviceId={route.deviceId} />;
  }
}

/**
 * The shell. Every part sits in a landmark (axe `region`): the banners in the page header, the screen
 * in <main>, the toast and the bottom navigation in the footer, so a toast never covers content.
 */
export function App() {
  const route = useStore((s) => s.route);
  useScreenFocus(route);
  useStickyInsets(`${route.screen}:${'deviceId' in route ? route.deviceId : ''}`);
  useLeaveWarning();
  return (
    <div className="app">
      <header className="app-header">
        <Banners />
      </header>
      <main className="content">
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Screen route={route} />
        </Suspense>
      </main>
      <footer className="app-footer">
        <Notice />
        <BottomNav />
      </footer>
    </div>
  );
}
