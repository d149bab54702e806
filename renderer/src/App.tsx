import { useStore } from './store/store';
import { Banners } from './components/Banners';
import { BottomNav } from './components/BottomNav';
import { Notice } from './components/Notice';
import { DevicesScreen } from './screens/DevicesScreen';
import { DeviceDetailsScreen } from './screens/DeviceDetailsScreen';
import { AccessSettingsScreen } from './screens/AccessSettingsScreen';
import { TestFireScreen } from './screens/TestFireScreen';
import { SetupScreen } from './screens/SetupScreen';
import { PrefsScreen } from './screens/PrefsScreen';
import type { Route } from './store/types';

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'devices':
      return <DevicesScreen />;
    case 'prefs':
      return <PrefsScreen />;
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
        <Screen route={route} />
      </main>
      <Notice />
      <BottomNav />
    </div>
  );
}
