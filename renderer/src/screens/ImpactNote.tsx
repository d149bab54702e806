import { guessRisk, KEYPAD_HARD_BUDGET } from '@firmware/guessRisk';

/** Max Users this high gets the guessing-risk note (docs/protocol.md, "Keypad guessing"). */
export const HIGH_MAX_USERS = 25;

export function formatRisk(p: number): string {
  if (p < 0.001) return 'less than 0.1%';
  return `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}

/** How many active codes a gate change reaches, in words ("no codes are active now", not "the 0 active codes"). */
export function activeCountText(activeCount: number | undefined): string {
  if (activeCount === undefined) return ' to every active code.';
  if (activeCount === 0) return '; no codes are active now.';
  return activeCount === 1 ? ' to the 1 active code.' : ` to the ${activeCount} active codes.`;
}

/** What a save will change, shown before saving (issue 4, section 2). */
export function ImpactNote({
  parts,
  dirty,
  maxUsers,
  activeCount,
}: {
  parts: { gates: boolean; limits: boolean };
  dirty: boolean;
  maxUsers: number;
  activeCount: number | undefined;
}) {
  return (
    <section className="card impact" aria-labelledby="impact-title">
      <h2 id="impact-title">{dirty ? 'What saving changes' : 'How these settings apply'}</h2>
      <ul>
        {!dirty || parts.limits ? (
          <li>Max Users and Invite Duration apply to new codes only. Codes that are already active keep the duration and limits they were created with.</li>
        ) : null}
        {!dirty || parts.gates ? (
          <li>
            {dirty ? 'The Entry and Exit Device change applies now' : 'Entry and Exit Device changes apply immediately'}
            {activeCountText(activeCount)}
          </li>
        ) : null}
      </ul>
      {maxUsers >= HIGH_MAX_USERS ? (
        <p className="warning" role="note">
          <strong>Guessing risk:</strong> with {maxUsers} codes active, someone trying random codes at the keypad has about a{' '}
          {formatRisk(guessRisk(maxUsers))} chance of opening the gate before the keypad locks after {KEYPAD_HARD_BUDGET} wrong codes. Lower
          limits are safer.
        </p>
      ) : null}
    </section>
  );
}
