/**
 * Leak checks for tests: whether objects a test let go of were really collected. V8's gc() is switched on
 * at run time (--expose-gc in a fresh context), so these tests need no special node flags.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * How many of `refs` still point at a live object after full collections. A WeakRef's target lives at
 * least to the end of the job that made or read it, so each collection runs in a later turn of the loop.
 */
export async function survivors(refs: readonly WeakRef<object>[]): Promise<number> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return refs.filter((ref) => ref.deref() !== undefined).length;
}
