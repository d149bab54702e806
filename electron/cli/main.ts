import { main } from './program';

// stdout carries only the command's result (with --json, one JSON document): whatever a library prints
// through the console goes to stderr instead (noble prints its adapter warnings with console.log).
for (const method of ['log', 'info', 'debug', 'dir', 'table'] as const) console[method] = console.error.bind(console);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fluss: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
