import { Suspense } from 'react';
import { useStore } from './store/store';
import { Banners } from './components/Banners';
import { BottomNav } from './components/BottomNav';
import { Notice } from './components/Notice';
import { DevicesScreen } from './screens/DevicesScreen';
import { AccessSettingsScreen, DeviceDetailsScreen, PrefsScreen, SetupScreen, SiteOverviewScreen, TestFireScreen } from './screens/lazyScreens';
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
  }
}

export function App() {
  const route = useStore((s) => s.route);
  return (
    <div className="app">
      <Banners />
      <main className="content">
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Screen route={route} />
        </Suspense>
      </main>
      <Notice />
      <BottomNav />
    </div>
  );
}
