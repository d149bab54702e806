/**
 * `fluss doctor`'s checks for the app's diagnostics bundle. With the simulator open, the computer's own
 * Bluetooth is free, so the full checks run (noble loads only here, with a short timeout). With real
 * Bluetooth in use, a second noble on the same adapter or port would disturb the app's own: the bundle
 * says which binding is in use and working instead, and how to run the full checks.
 */
import { chooseBinding } from '../transport/noble/bindingChoice';

export function appDoctor(options: { simulated: boolean; bluetooth: string; timeoutMs?: number }): () => Promise<{ text: string; data: unknown }> {
  return async () => {
    if (!options.simulated) {
      const text = `Bluetooth is in use by the app: ${options.bluetooth} (powered on: the app is using it).\nFor the full checks, close the app and run \`fluss doctor\`.`;
      return { text, data: { inUseByApp: options.bluetooth } };
    }
    const [{ doctorPassed, evaluateDoctor }, { gatherProbes }] = await Promise.all([import('../transport/noble/doctor'), import('../transport/noble/doctorProbes')]);
    const binding = chooseBinding({});
    const checks = evaluateDoctor(await gatherProbes(binding, `the default on ${process.platform}`, options.timeoutMs ?? 2_000));
    const passed = doctorPassed(checks);
    const text = [
      'The app is using its simulated site; these are the checks of this computer\'s own Bluetooth:',
      ...checks.map((c) => `${c.status.toUpperCase()} ${c.title}: ${c.detail}${c.fix ? `\n    Fix: ${c.fix}` : ''}`),
      passed ? 'Ready: Bluetooth is usable.' : 'Not ready.',
    ].join('\n');
    return { text, data: { passed, checks } };
  };
}
