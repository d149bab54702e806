/**
 * Binds the browser host to 127.0.0.1, turning the operating system's refusals into errors a person
 * can act on (issue 10, bug 5.6: "Unexpected error: listen EADDRINUSE… Try again" told them nothing).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlussError } from '../protocol/errors';

export async function listenOn(server: Server, port: number): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw await portProblem(error, port);
  }
  return (server.address() as AddressInfo).port;
}

async function portProblem(error: unknown, port: number): Promise<unknown> {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return error;
  const free = await freePort();
  const instead = free === undefined ? 'another port' : `another port, for example \`npm run web -- --port ${free}\``;
  const hint = `Choose ${instead}, or leave out --port to have a free one picked.`;
  return code === 'EADDRINUSE'
    ? new FlussError('INVALID_ARGUMENT', `Port ${port} on 127.0.0.1 is taken: another program (or another \`npm run web\`) is listening there.`, hint, { cause: error })
    : new FlussError('INVALID_ARGUMENT', `Port ${port} on 127.0.0.1 needs administrator rights.`, hint, { cause: error });
}

/** A port that is free right now (a suggestion only: it may be taken again before it is used). */
async function freePort(): Promise<number | undefined> {
  const probe = createServer();
  try {
    return await new Promise<number>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as AddressInfo).port));
    });
  } catch {
    return undefined;
  } finally {
    probe.close();
  }
}
