// Preloaded with `node --import` (through NODE_OPTIONS) into a `fluss` child process: appends the file of
// every module the process loads to $FLUSS_MODULE_LOG, one per line. ES modules are seen by a resolve
// hook registered with node:module's register() (it runs on the loader thread); CommonJS modules, which
// noble, bleno and their native bindings are, by wrapping Module._load. Only the test reads the log.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import process from 'node:process';
import { URL } from 'node:url';

const log = process.env.FLUSS_MODULE_LOG;
if (log) {
  register(new URL('./moduleLoadHooks.mjs', import.meta.url), { data: { log } });
  const Module = createRequire(import.meta.url)('node:module');
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    try {
      const file = Module._resolveFilename(request, parent, isMain);
      if (!Module.isBuiltin(file)) appendFileSync(log, `cjs ${file}\n`);
    } catch {
      // Unresolvable: the real load below reports it.
    }
    return load.apply(this, arguments);
  };
}
