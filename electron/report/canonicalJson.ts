/**
 * Canonical JSON: the one byte string a value signs as. Object keys sorted by UTF-16 code unit, no
 * whitespace, numbers as JSON.stringify writes them. Two documents that parse to the same value give the
 * same bytes, so a report re-indented by an editor still verifies, while any changed value does not.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/**
 * Every leaf of a value with its path ("testFire.steps.2.status" -> "passed"); an empty array or object
 * is a leaf of its own, so removing the last element of a list still shows.
 */
export function leaves(value: unknown, path = ''): [string, unknown][] {
  const join = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (Array.isArray(value)) {
    return value.length === 0 ? [[path, []]] : value.flatMap((v, i) => leaves(v, join(String(i))));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? [[path, {}]] : entries.flatMap(([k, v]) => leaves(v, join(k)));
  }
  return [[path, value]];
}
