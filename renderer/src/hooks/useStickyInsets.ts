import { useEffect } from 'react';

/**
 * Keeps `--sticky-top` / `--sticky-bottom` equal to the heights of the sticky screen header and the
 * footer, so the scroll padding that keeps a focused control out from under them (WCAG 2.4.11, Focus
 * Not Obscured) follows their real size as they wrap at high zoom.
 */
export function useStickyInsets(screenKey: string): void {
  useEffect(() => {
    const root = document.documentElement;
    const header = document.querySelector<HTMLElement>('main .screen-header');
    const footer = document.querySelector<HTMLElement>('.app-footer');
    const update = () => {
      root.style.setProperty('--sticky-top', `${Math.ceil((header?.offsetHeight ?? 0) + 8)}px`);
      root.style.setProperty('--sticky-bottom', `${Math.ceil((footer?.offsetHeight ?? 0) + 8)}px`);
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    if (header) observer.observe(header);
    if (footer) observer.observe(footer);
    return () => observer.disconnect();
  }, [screenKey]);
}
