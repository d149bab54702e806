/**
 * The picker behind each settings row: a dialog with exactly the allowed options as radio buttons
 * (arrow keys move, Enter or "Done" confirms, Escape closes without change). Only values passed in
 * `options` can be chosen, so a disallowed value cannot be picked.
 */
import { useState, type ReactNode } from 'react';
import { Modal } from '../components/Modal';

export interface PickerOption<T> {
  value: T;
  label: string;
  detail?: ReactNode;
  /** Something beside the option, such as an Identify button. */
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
}

export function OptionPicker<T extends string | number>({ title, description, options, value, onChoose, onClose, empty }: Props<T>) {
  const [choice, setChoice] = useState<T>(value);
  const name = `picker-${title.replace(/\W+/g, '-').toLowerCase()}`;
  const confirm = () => {
    if (options.some((o) => o.value === choice)) onChoose(choice);
    onClose();
  };
  const selectable = options.some((o) => o.value === choice);
  return (
    <Modal title={title} onClose={onClose} description={description}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
      >
        {options.length === 0 ? (
          <div className="picker-empty">{empty}</div>
        ) : (
          <fieldset className="picker-options">
            <legend className="visually-hidden">{title}</legend>
            {options.map((o, i) => (
              <div key={String(o.value)} className={`picker-option${o.value === choice ? ' chosen' : ''}`}>
                <label className="radio">
                  <input
                    type="radio"
                    name={name}
                    value={String(o.value)}
                    checked={o.value === choice}
                    aria-labelledby={`${name}-${i}-label`}
                    aria-describedby={o.detail ? `${name}-${i}-detail` : undefined}
                    data-autofocus={o.value === choice || (!selectable && o === options[0]) ? true : undefined}
                    onChange={() => setChoice(o.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        confirm();
                      }
                    }}
                  />
                  <span id={`${name}-${i}-label`} className="option-label">
                    {o.label}
                  </span>
                  {o.detail ? (
                    <span id={`${name}-${i}-detail`} className="option-detail">
                      {o.detail}
                    </span>
                  ) : null}
                </label>
                {o.extra}
              </div>
            ))}
          </fieldset>
        )}
        <div className="modal-actions">
          <button type="submit" disabled={options.length === 0}>
            Done
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </Modal>
  );
}
