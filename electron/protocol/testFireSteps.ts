/**
 * The steps of test-fire, in order, with the words the CLI and the UI show. A pure module (no Node), so
 * the renderer can list the steps before the first progress event arrives.
 */
export const TEST_FIRE_STEPS = [
  { id: 'settings', label: 'Read One Time Access Settings' },
  { id: 'gates', label: 'Connect to the Entry and Exit Devices' },
  { id: 'create', label: 'Create a test code' },
  { id: 'entry', label: 'Enter the code: Entry Device opens' },
  { id: 'exit', label: 'Enter it again: Exit Device opens' },
  { id: 'refused', label: 'Enter it a third time: refused' },
  { id: 'cleanup', label: 'Leave no test code active' },
] as const;

export type TestFireStepId = (typeof TEST_FIRE_STEPS)[number]['id'];
