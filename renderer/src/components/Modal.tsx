/**
 * An accessible modal dialog: role="dialog", aria-modal, labelled by its title, focus moved in and
 * trapped, Escape closes, focus returns to where it was. The app behind it is made inert and hidden
 * from assistive technology while it is open.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { focusQuietly, screenHeading } from '../hooks/useScreenFocus';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** A description read with the title. */
  description?: ReactNode;
  role?: 'dialog' | 'alertdialog';
  /**
   * Where focus goes on close when the control that opened the dialog is gone or disabled (a revoked
   * code's Revoke button): never the page body. Default: the screen's heading.
   */
  returnFocus?: () => HTMLElement | null;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

let openCount = 0;
/** Open modals, innermost last: Escape closes only the top one, wherever focus is. */
const stack: (() => void)[] = [];
if (typeof document !== 'undefined') {
  document.addEventListener('keydown', (e) => {
    const top = stack[stack.length - 1];
    if (e.key === 'Escape' && top && !e.defaultPrevented) {
      e.preventDefault();
      top();
    }
  });
}
function setBackgroundInert(inert: boolean): void {
  const root = document.getElementById('root');
  if (!root) return;
  if (inert) {
    root.setAttribute('inert', '');
    root.setAttribute('aria-hidden', 'true');
  } else {
    root.removeAttribute('inert');
    root.removeAttribute('aria-hidden');
  }
}

function focusBack(el: HTMLElement | null): boolean {
  if (!el?.isConnected || el.matches(':disabled')) return false;
  el.focus();
  return document.activeElement === el;
}

export function Modal({ title, onClose, children, description, role = 'dialog', returnFocus }: Props) {
  const titleId = useId();
  const descId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  const returnFocusRef = useRef(returnFocus);
  useEffect(() => {
    onCloseRef.current = onClose;
    returnFocusRef.current = returnFocus;
  });

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    openCount += 1;
    setBackgroundInert(true);
    const close = () => onCloseRef.current();
    stack.push(close);
    const box = ref.current;
    const initial = box?.querySelector<HTMLElement>('[data-autofocus]') ?? box?.querySelector<HTMLElement>(FOCUSABLE);
    (initial ?? box)?.focus();
    return () => {
      stack.splice(stack.indexOf(close), 1);
      openCount -= 1;
      if (openCount === 0) setBackgroundInert(false);
      // WCAG 2.4.3: back to the opener; when it is gone (or disabled), somewhere that makes sense.
      if (!focusBack(previous)) focusQuietly(returnFocusRef.current?.() ?? screenHeading());
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="modal-backdrop">
      <div
        ref={ref}
        className="modal"
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {description ? (
          <div id={descId} className="modal-description">
            {description}
          </div>
        ) : null}
        {children}
      </div>
    </div>,
    document.body,
  );
}
