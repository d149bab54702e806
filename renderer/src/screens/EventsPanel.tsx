import { useStore } from '../store/store';

/** Live device events (audit entries as they happen); never digits or keys. */
export function EventsPanel() {
  const events = useStore((s) => s.events);
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title">Live events</h2>
      {events.length === 0 ? <p className="muted">No events since you connected. Codes entered at the keypad and changes show here as they happen.</p> : null}
      <ol className="events" aria-label="Live events" aria-live="polite">
        {events.map((e) => (
          <li key={e.seq}>
            <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleTimeString()}</time>
            <span className="event-type">{e.type}</span>
            <span className="event-actor">{e.actor}</span>
            <span className="event-detail">
              {Object.entries(e.detail)
                .map(([k, v]) => `${k}: ${k.endsWith('At') && typeof v === 'number' ? new Date(v).toLocaleString() : String(v)}`)
                .join(', ')}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
