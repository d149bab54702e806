/**
 * The Entry/Exit pickers' gates as one radio group, virtualized (issue 10, section 3: 1,000 gates in a
 * picker took seconds per arrow key). Native radios cannot be virtualized (the browser's arrow keys
 * only reach radios in the DOM), so this is the WAI-ARIA radio group pattern: role="radiogroup" with
 * role="radio" rows, one tab stop (the checked row), arrow keys move and highlight (wrapping), Home/End
 * and PageUp/PageDown jump; selecting a row (click, Space or Enter) chooses it and closes the picker
 * (issue 10, bug 4.14). Controls beside a row (Identify) are out of the Tab order; the picker repeats
 * the highlighted row's after the group. Rows carry aria-posinset/setsize; the checked row and the
 * focused row always stay rendered.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { rangeWithFocus, rowIndexOf } from '../components/virtualScroll';

export interface GateOption {
  value: string;
  label: string;
  detail?: ReactNode;
  /** Beside the option, outside the radio (an Identify button). */
  extra?: ReactNode;
}

interface Props {
  /** The group's accessible name (the picker's title). */
  title: string;
  /** Prefix of the element ids. */
  name: string;
  options: readonly GateOption[];
  choice: string;
  /** Highlights an option (the arrow keys): checked, but nothing is chosen yet. */
  onSelect: (value: string) => void;
  /** Chooses an option and closes the picker. */
  onChoose: (value: string) => void;
}

const ROW_ESTIMATE_PX = 50;
const PAGE_ROWS = 10;

const OptionRow = memo(function OptionRow(props: {
  option: GateOption;
  checked: boolean;
  tabStop: boolean;
  index: number;
  count: number;
  top: number;
  name: string;
  onChoose: (value: string) => void;
  measure: (element: HTMLDivElement | null) => void;
}) {
  const { option, checked, tabStop, index, count, top, name, onChoose, measure } = props;
  const id = `${name}-${index}`;
  return (
    <div
      ref={measure}
      data-index={index}
      className={`picker-option gate-option${checked ? ' chosen' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${top}px)` }}
    >
      <div
        role="radio"
        className="radio"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={option.detail ? `${id}-detail` : undefined}
        aria-posinset={index + 1}
        aria-setsize={count}
        tabIndex={tabStop ? 0 : -1}
        data-autofocus={tabStop ? true : undefined}
        // No focus on mouse down: focusing re-renders the group (and may scroll it), so the row could move
        // under the pointer and the click land elsewhere. The click chooses and closes anyway.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => onChoose(option.value)}
      >
        <span className="radio-mark" aria-hidden="true" />
        <span id={`${id}-label`} className="option-label">
          {option.label}
        </span>
        {option.detail ? (
          <span id={`${id}-detail`} className="option-detail">
            {option.detail}
          </span>
        ) : null}
      </div>
      {option.extra}
    </div>
  );
});

export function GateOptionList({ title, name, options, choice, onSelect, onChoose }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedValue, setFocusedValue] = useState<string | null>(null);
  const pendingFocus = useRef<number | null>(null);
  // One callback for the memoized rows across renders; it calls the picker's latest onChoose.
  const latestChoose = useRef(onChoose);
  latestChoose.current = onChoose;
  const chooseRow = useCallback((value: string) => latestChoose.current(value), []);
  const chosenIndex = options.findIndex((o) => o.value === choice);
  const tabStop = chosenIndex >= 0 ? chosenIndex : 0;
  // Stable while the options are: a new key function makes the virtualizer re-measure every row.
  const itemKey = useCallback((index: number) => options[index]?.value ?? index, [options]);
  const virtualizer = useVirtualizer({
    count: options.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    getItemKey: itemKey,
    gap: 4,
    overscan: 6,
    initialRect: { width: 500, height: 360 },
    initialOffset: () => Math.max(0, tabStop * (ROW_ESTIMATE_PX + 4) - ROW_ESTIMATE_PX),
    rangeExtractor: rangeWithFocus(tabStop, focusedValue === null ? -1 : options.findIndex((o) => o.value === focusedValue)),
  });

  // A keyboard move focuses its row once it is rendered.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const radio = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"] [role="radio"]`);
    if (radio) {
      pendingFocus.current = null;
      radio.focus();
    }
  });

  // Opening the picker puts focus on the checked gate, as the other pickers do.
  useEffect(() => {
    const frame = requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>('[role="radio"][tabindex="0"]')?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);

  const move = (index: number) => {
    const option = options[index];
    if (!option) return;
    onSelect(option.value);
    pendingFocus.current = index;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const at = rowIndexOf(e.target);
    if (at < 0 || !(e.target instanceof HTMLElement) || e.target.getAttribute('role') !== 'radio') return;
    const last = options.length - 1;
    const target: Record<string, number> = {
      ArrowDown: at === last ? 0 : at + 1,
      ArrowRight: at === last ? 0 : at + 1,
      ArrowUp: at === 0 ? last : at - 1,
      ArrowLeft: at === 0 ? last : at - 1,
      Home: 0,
      End: last,
      PageDown: Math.min(last, at + PAGE_ROWS),
      PageUp: Math.max(0, at - PAGE_ROWS),
    };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const option = options[at];
      if (option) onChoose(option.value);
    } else if (target[e.key] !== undefined) {
      e.preventDefault();
      move(target[e.key] ?? at);
    }
  };

  return (
    <div
      ref={scrollRef}
      role="radiogroup"
      aria-label={title}
      className="picker-options gate-options"
      onKeyDown={onKeyDown}
      onFocus={(e) => setFocusedValue(options[rowIndexOf(e.target)]?.value ?? null)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocusedValue(null);
      }}
    >
      <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const option = options[item.index];
          return option ? (
            <OptionRow
              key={option.value}
              option={option}
              checked={option.value === choice}
              tabStop={item.index === tabStop}
              index={item.index}
              count={options.length}
              top={item.start}
              name={name}
              onChoose={chooseRow}
              measure={virtualizer.measureElement}
            />
          ) : null;
        })}
      </div>
    </div>
  );
}
