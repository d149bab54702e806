/** Signal strength as bars (0–4) and dBm. Thresholds follow common BLE practice for indoor links. */
export function signalBars(rssi: number): number {
  if (rssi >= -60) return 4;
  if (rssi >= -70) return 3;
  if (rssi >= -80) return 2;
  if (rssi >= -90) return 1;
  return 0;
}

export function SignalBars({ rssi }: { rssi: number }) {
  const bars = signalBars(rssi);
  const label = `Signal ${bars} of 4 bars, ${Math.round(rssi)} dBm`;
  return (
    <span className="signal" title={label}>
      <span className="signal-bars" role="img" aria-label={label}>
        {[1, 2, 3, 4].map((i) => (
          <span key={i} className={`signal-bar bar-${i}${i <= bars ? ' on' : ''}`} />
        ))}
      </span>
      <span className="signal-dbm" aria-hidden="true">
        {Math.round(rssi)} dBm
      </span>
    </span>
  );
}
