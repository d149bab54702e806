/**
 * Asks for an invite's passphrase on the terminal without echoing it. Only when stdin is a terminal: a
 * script gives --passphrase or FLUSS_INVITE_PASSPHRASE instead, and is never left waiting.
 */
import { FlussError } from '../protocol/errors';

export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    return Promise.reject(
      new FlussError('INVALID_ARGUMENT', 'The invite needs its passphrase, and there is no terminal to ask for it.', 'Give --passphrase <words> or set FLUSS_INVITE_PASSPHRASE.'),
    );
  }
  return new Promise((resolve, reject) => {
    output.write(question);
    let typed = '';
    const done = (finish: () => void) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      finish();
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') { done(() => resolve(typed)); return; }
        if (ch === '\u0003') { done(() => reject(new FlussError('ABORTED', 'Import cancelled: nothing was written.'))); return; }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
