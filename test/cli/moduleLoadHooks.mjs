// The loader-thread half of recordModuleLoads.mjs: records every ES module URL resolved.
import { appendFileSync } from 'node:fs';

let log;
export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (log && !resolved.url.startsWith('node:')) appendFileSync(log, `esm ${resolved.url}\n`);
  return resolved;
}
