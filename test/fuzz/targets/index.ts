/** Every fuzz target, in the order a run reports them. */
import type { FuzzTarget } from '../target';
import { fileTargets } from './files';
import { hciTargets } from './hci';
import { hostTargets } from './host';
import { inviteTargets } from './invite';
import { radioTargets } from './radio';
import { sessionTargets } from './session';
import { wireTargets } from './wire';

export function allTargets(): FuzzTarget[] {
  return [...wireTargets(), ...sessionTargets(), ...hostTargets(), ...radioTargets(), ...inviteTargets(), ...fileTargets(), ...hciTargets()];
}
