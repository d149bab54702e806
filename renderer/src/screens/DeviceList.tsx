/**
 * The Devices list, virtualized (issue 10, section 3: 1,000 gates made 16,000 DOM nodes and a
 * saturated main thread). Only the rows in view, plus a few either side and the row holding focus, are
 * in the DOM; the list keeps its full height inside the page's own scrolling, so layout, Tab order and
 * the list's role and label are as before. Rows carry aria-setsize/posinset, so "3 of 1,000" is read.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ScannedDeviceView } from '@ipc/contract';
import { rangeWithFocus, rowIndexOf, scrollParent } from '../components/virtualScroll';
import { DeviceRow } from './DeviceRow';

/** A row's usual height (the real one is measured); the gap matches the rows' CSS spacing. */
const ROW_ESTIMATE_PX = 66;
const ROW_GAP_PX = 8;

export function DeviceList({ devices, now }: { devices: readonly ScannedDeviceView[]; now: number }) {
  const listRef = useRef<HTMLUListElement>(null);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [focusedKey, setFocusedKey] = useState<string | null>(null);

  // Where the list starts inside the scrolling area (the toolbar above it can change height).
  useLayoutEffect(() => {
    const list = listRef.current;
    const parent = scroller ?? scrollParent(list);
    if (!list || !parent) return;
    if (parent !== scroller) setScroller(parent);
    const margin = list.getBoundingClientRect().top - parent.getBoundingClientRect().top + parent.scrollTop;
    if (Math.abs(margin - scrollMargin) >= 1) setScrollMargin(margin);
    // Measured again whenever the list or the clock changes (the screen re-renders every second).
  }, [scroller, scrollMargin, devices, now]);

  // Stable while the list is: a new key function makes the virtualizer re-measure every row.
  const itemKey = useCallback((index: number) => devices[index]?.key ?? index, [devices]);
  const virtualizer = useVirtualizer({
    count: devices.length,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_ESTIMATE_PX,
    getItemKey: itemKey,
    gap: ROW_GAP_PX,
    overscan: 8,
    scrollMargin,
    // Rows are rendered on the first paint, before the scrolling area has been measured.
    initialRect: { width: 1024, height: typeof window === 'undefined' ? 720 : window.innerHeight },
    rangeExtractor: rangeWithFocus(focusedKey === null ? -1 : devices.findIndex((d) => d.key === focusedKey)),
  });

  return (
    <ul
      ref={listRef}
      className="device-list virtual"
      aria-label="Nearby devices"
      style={{ position: 'relative', height: virtualizer.getTotalSize() }}
      onFocus={(e) => setFocusedKey(devices[rowIndexOf(e.target)]?.key ?? null)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocusedKey(null);
      }}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const device = devices[item.index];
        return device ? (
          <DeviceRow
            key={device.key}
            device={device}
            now={now}
            index={item.index}
            top={item.start - scrollMargin}
            count={devices.length}
            measure={virtualizer.measureElement}
          />
        ) : null;
      })}
    </ul>
  );
}
