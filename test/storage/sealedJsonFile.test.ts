import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SealedJsonFile } from '../../electron/storage/sealedJsonFile';
import { tempDir } from '../helpers/demo';

const SECRET = 'c0ffee-secret-value-1234';
const identity = (c: { plain: unknown; secret: unknown }) => c;

describe('SealedJsonFile', () => {
  it('round-trips plain and secret content', () => {
    const file = new SealedJsonFile(join(tempDir(), 'state.json'));
    file.save({ plain: { a: 1 }, secret: { key: SECRET } });
    const loaded = file.load(identity);
    expect(loaded).toEqual({ status: 'loaded', value: { plain: { a: 1 }, secret: { key: SECRET } } });
  });

  it('never writes the secret part in plaintext, and keeps its key file private', () => {
    const dir = tempDir();
    const file = new SealedJsonFile(join(dir, 'state.json'));
    file.save({ plain: { visible: 'yes' }, secret: { key: SECRET, digits: '4821' } });
    const text = readFileSync(join(dir, 'state.json'), 'utf8');
    expect(text).toContain('visible');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('4821');
    expect(statSync(join(dir, 'state.json.key')).mode & 0o077).toBe(0);
  });

  it('reports a missing file as missing', () => {
    expect(new SealedJsonFile(join(tempDir(), 'none.json')).load(identity)).toEqual({ status: 'missing' });
  });

  it('sets a corrupt file aside instead of losing it', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    writeFileSync(path, '{ not json');
    const loaded = new SealedJsonFile(path).load(identity);
    expect(loaded.status).toBe('set-aside');
    if (loaded.status !== 'set-aside') return;
    expect(readFileSync(loaded.setAsidePath, 'utf8')).toBe('{ not json');
    expect(existsSync(path)).toBe(false);
  });

  it('sets the file aside when its key file is gone', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    const file = new SealedJsonFile(path);
    file.save({ plain: {}, secret: { key: SECRET } });
    unlinkSync(`${path}.key`);
    expect(file.load(identity).status).toBe('set-aside');
    expect(readdirSync(dir).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
  });

  it('sets the file aside when its content has the wrong structure', () => {
    const path = join(tempDir(), 'state.json');
    const file = new SealedJsonFile(path);
    file.save({ plain: { version: 99 }, secret: {} });
    const loaded = file.load(() => {
      throw new Error('wrong version');
    });
    expect(loaded).toMatchObject({ status: 'set-aside', reason: 'wrong version' });
  });
});
