/**
 * The picker behind each settings row: a dialog with exactly the allowed options as a radio group.
 * Selecting an option chooses it and closes the picker, with the mouse (a click) or the keyboard
 * (Enter or Space), as the product guide's "select the gate" says (issue 10, bug 4.14); the arrow keys
 * move through the options first (WCAG radio group pattern: the arrowed-to option is checked, but
 * nothing is chosen until it is selected). Escape or Close leaves the setting as it was. Only values
 * passed in `options` can be chosen, so a disallowed value cannot be picked.
 *
 * The group is one Tab stop (roving tabindex): anything beside an option, such as a gate's Identify
 * button, is out of the Tab order (a mouse still reaches it), and `after` renders a control for the
 * highlighted option after the group, where the keyboard reaches it.
 */
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Modal } from '../components/Modal';

export interface PickerOption<T> {
  value: T;
  label: string;
  detail?: ReactNode;
  /** Something beside the option for the mouse, such as an Identify button (keep it out of the Tab order). */
  extra?: ReactNode;
}

interface Props<T> {
  title: string;
  description?: ReactNode;
  options: PickerOption<T>[];
  value: T;
  onChoose: (value: T) => void;
  onClose: () => void;
  /** Shown instead of the list when there is nothing to choose (and what to do about it). */
  empty?: ReactNode;
  /** A control for the highlighted option, after the group (keyboard users reach it with Tab). */
  after?: (highlighted: PickerOption<T> | undefined) => ReactNode;
}

export function OptionPicker<T extends string | number>({
  title,
  description,
  options,
  value,
  onChoose,
  onClose,
  empty,
  after,
}: Props<T>) {
  const [active, setActive] = useState(() =>
    Math.max(
      0,
      options.findIndex((o) => o.value === value),
    ),
  );
  // Until the arrows move, only the setting's current value shows as checked (none when it is unset).
  const [moved, setMoved] = useState(false);
  const radios = useRef<(HTMLDivElement | null)[]>([]);
  const name = `picker-${title.replace(/\W+/g, '-').toLowerCase()}`;
  const index = Math.min(active, options.length - 1);
  const highlighted = options[index];
  const choose = (o: PickerOption<T>) => {
    onChoose(o.value);
    onClose();
  };
  const moveTo = (i: number) => {
    const next = (i + options.length) % options.length;
    setActive(next);
    setMoved(true);
    radios.current[next]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, i: number) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(i + 1),
      ArrowRight: () => moveTo(i + 1),
      ArrowUp: () => moveTo(i - 1),
      ArrowLeft: () => moveTo(i - 1),
      Home: () => moveTo(0),
      End: () => moveTo(options.length - 1),
      Enter: () => choose(options[i] as PickerOption<T>),
      ' ': () => choose(options[i] as PickerOption<T>),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };
  return (
    <Modal title={title} onClose={onClose} description={description}>
      {options.length === 0 ? (
        <div className="picker-empty">{empty}</div>
      ) : (
        <div role="radiogroup" aria-label={title} className="picker-options">
          {options.map((o, i) => {
            const checked = i === index && (moved || o.value === value);
            return (
              <div key={String(o.value)} className={`picker-option${checked ? ' chosen' : ''}`}>
                <div
                  ref={(el) => {
                    radios.current[i] = el;
                  }}
                  role="radio"
                  className="radio"
                  aria-checked={checked}
                  tabIndex={i === index ? 0 : -1}
                  aria-labelledby={`${name}-${i}-label`}
                  aria-describedby={o.detail ? `${name}-${i}-detail` : undefined}
                  data-autofocus={i === index ? true : undefined}
                  onFocus={() => setActive(i)}
                  // No focus on mouse down: focusing re-renders the group (and may scroll it), so the
                  // button could come up over another element and the click would be lost. The click
                  // chooses and closes anyway.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(o)}
                  onKeyDown={(e) => onKeyDown(e, i)}
                >
                  <span className="radio-mark" aria-hidden="true" />
                  <span id={`${name}-${i}-label`} className="option-label">
                    {o.label}
                  </span>
                  {o.detail ? (
                    <span id={`${name}-${i}-detail`} className="option-detail">
                      {o.detail}
                    </span>
                  ) : null}
                </div>
                {o.extra}
              </div>
            );
          })}
        </div>
      )}
      {after && options.length > 0 ? <div className="picker-after">{after(highlighted)}</div> : null}
      <div className="modal-actions">
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
