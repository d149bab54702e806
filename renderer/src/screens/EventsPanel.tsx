import { auditRow } from '@ipc/auditTable';
import { namesFromStore } from '../effects/audit';
import { useStore } from '../store/store';

/** Live device events (audit entries as they happen), in people's words; never digits or keys. */
export function EventsPanel() {
  const events = useStore((s) => s.events);
  // Names change rarely (a scan, a label): reading them at each render keeps the store's selectors simple.
  const names = namesFromStore();
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title">Live events</h2>
      {events.length === 0 ? <p className="muted">No events since you connected. Codes entered at the keypad and changes show here as they happen.</p> : null}
      <ol className="events" aria-label="Live events" aria-live="polite">
        {events.map((e) => (
          <li key={e.seq}>
            <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleTimeString()}</time>
            <span>{auditRow(e, names).text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
