import { useEffect, useRef } from 'react';
import type { Route } from '../store/types';

/** The main heading of the screen on show (each screen has exactly one h1 inside <main>). */
export function screenHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('main h1');
}

/** Focuses `el` without adding it to the Tab order; true when it took focus. */
export function focusQuietly(el: HTMLElement | null | undefined): boolean {
  if (!el?.isConnected) return false;
  if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
  el.focus();
  return document.activeElement === el;
}

/**
 * After every screen change, focus goes to the new screen's heading (WCAG 2.4.3): otherwise it falls to
 * the page body when the button that was pressed disappears, and a screen reader says nothing of the
 * new screen (issue 10, section 2). The first screen keeps the browser's own starting point.
 */
export function useScreenFocus(route: Route): void {
  const key = `${route.screen}:${'deviceId' in route ? route.deviceId : ''}`;
  const shown = useRef(key);
  useEffect(() => {
    if (shown.current === key) return;
    shown.current = key;
    if (focusQuietly(screenHeading())) return;
    // A screen loaded on first use (screens/lazyScreens.ts) has no heading until its code arrives.
    const main = document.querySelector('main');
    if (!main) return;
    const observer = new MutationObserver(() => {
      if (focusQuietly(screenHeading())) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const giveUp = setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      clearTimeout(giveUp);
      observer.disconnect();
    };
  }, [key]);
}
