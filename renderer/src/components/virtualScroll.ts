/**
 * Helpers for the virtualized lists (DeviceList, GateOptionList): the element that scrolls a list, and
 * a range that keeps the row holding focus rendered, so scrolling never drops keyboard focus to the page.
 */
import { defaultRangeExtractor, type Range } from '@tanstack/react-virtual';

/** The nearest ancestor that scrolls vertically (the app's content area), else the document's. */
export function scrollParent(element: HTMLElement | null): HTMLElement | null {
  for (let e = element?.parentElement ?? null; e; e = e.parentElement) {
    const overflow = getComputedStyle(e).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return e;
  }
  return document.scrollingElement instanceof HTMLElement ? document.scrollingElement : null;
}

/** The rows in view plus the ones that must stay rendered (the focused row, a tab stop; -1: none). */
export function rangeWithFocus(...kept: number[]): (range: Range) => number[] {
  return (range) => {
    const indexes = defaultRangeExtractor(range);
    const extra = kept.filter((i) => i >= 0 && i < range.count && !indexes.includes(i));
    return extra.length === 0 ? indexes : [...new Set([...indexes, ...extra])].sort((a, b) => a - b);
  };
}

/** The data-index of the list row holding `target`, or -1. */
export function rowIndexOf(target: EventTarget | null): number {
  const row = target instanceof Element ? target.closest<HTMLElement>('[data-index]') : null;
  return row ? Number(row.dataset.index) : -1;
}
