import { useEffect } from 'react';
import { useStore } from '../store/store';
import { isDirty } from '../store/settingsSlice';

/**
 * Reloading or closing the window asks first while there is something to lose: an unsaved settings
 * draft (issue 10, bug 4.9) or a test-fire in progress, whose test code must be revoked by the run.
 */
export function useLeaveWarning(): void {
  const unsaved = useStore(
    (s) =>
      s.route.screen === 'settings' &&
      !(s.session.status === 'open' && s.session.view.role === 'shared') &&
      isDirty(s.settings),
  );
  const running = useStore((s) => s.testFire.status === 'starting' || s.testFire.status === 'running');
  const warn = unsaved || running;
  useEffect(() => {
    if (!warn) return;
    // preventDefault is what asks (Chromium 119+, Firefox, Safari); the wording is the browser's own.
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [warn]);
}
