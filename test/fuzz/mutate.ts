/**
 * Seeded randomness and byte mutators for the fuzzer. Every input is derived from (run seed, target name,
 * input index) alone, so any input a run reports can be rebuilt from those three numbers without replaying
 * the run before it.
 */

/** A small, fast PRNG (mulberry32): the same seed gives the same stream on every machine. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.u32() % n;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

/** FNV-1a of a string: folds a target's name into its inputs' seeds. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The PRNG of one input: independent of every other input of the run. */
export function inputPrng(seed: number, target: string, index: number): Prng {
  const mixed = new Prng((seed ^ hashName(target)) >>> 0);
  // Skip ahead by the index through a second generator so neighbouring indices are unrelated.
  return new Prng((mixed.u32() ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/** Values that make decoders step on their edge cases: lengths, signs, CBOR and JSON heads. */
const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x40, 0x5f, 0x60, 0x7b, 0x9f, 0xa0, 0xbf, 0xc0, 0xd8, 0xf4, 0xf5, 0xf6, 0xf7, 0xfb, 0x22, 0x5b, 0x5d, 0x7d, 0x2c, 0x3a];

/**
 * One mutated input from `seeds`: bit flips, byte sets, truncation, extension, deletion, duplication,
 * splicing of two seeds, or (rarely) plain random bytes. Several mutations may stack.
 */
export function mutate(rng: Prng, seeds: readonly Uint8Array[]): Uint8Array {
  if (rng.below(20) === 0) return rng.bytes(rng.below(300));
  let data: Uint8Array = Uint8Array.from(rng.pick(seeds));
  const rounds = 1 + rng.below(4);
  for (let r = 0; r < rounds; r++) data = mutateOnce(rng, data, seeds);
  return data;
}

function mutateOnce(rng: Prng, data: Uint8Array, seeds: readonly Uint8Array[]): Uint8Array {
  const at = () => rng.below(Math.max(data.length, 1));
  switch (rng.below(9)) {
    case 0: {
      // Flip 1 to 8 bits.
      const out = Uint8Array.from(data);
      for (let k = 1 + rng.below(8); k > 0 && out.length > 0; k--) {
        const i = at();
        out[i] = (out[i] ?? 0) ^ (1 << rng.below(8));
      }
      return out;
    }
    case 1: {
      const out = Uint8Array.from(data);
      if (out.length > 0) out[at()] = rng.below(2) === 0 ? rng.pick(INTERESTING) : rng.u32() & 0xff;
      return out;
    }
    case 2:
      return data.slice(0, at());
    case 3:
      return concat(data, rng.bytes(1 + rng.below(64)));
    case 4: {
      // Delete a run.
      const from = at();
      return concat(data.slice(0, from), data.slice(from + 1 + rng.below(16)));
    }
    case 5: {
      // Duplicate a run in place.
      const from = at();
      const run = data.slice(from, from + 1 + rng.below(32));
      return concat(data.slice(0, from), run, data.slice(from));
    }
    case 6: {
      // Splice: the head of this input, the tail of another seed.
      const other = rng.pick(seeds);
      return concat(data.slice(0, at()), other.slice(rng.below(Math.max(other.length, 1))));
    }
    case 7: {
      // Insert interesting bytes.
      const from = at();
      const inserted = Uint8Array.from({ length: 1 + rng.below(4) }, () => rng.pick(INTERESTING));
      return concat(data.slice(0, from), inserted, data.slice(from));
    }
    default: {
      // Overwrite a 16- or 32-bit field with an extreme value (lengths and counters live there).
      const out = Uint8Array.from(data);
      const value = rng.pick([0, 0xffffffff, 0x7fffffff, 0x80000000, 0xffff, 0x8000, 1]);
      for (let k = 0, i = at(); k < (rng.below(2) === 0 ? 2 : 4) && i + k < out.length; k++) out[i + k] = (value >>> (8 * k)) & 0xff;
      return out;
    }
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Packs a sequence of packets into one input ([length u16 BE][bytes] each), so that stateful decoders
 * (reassembly, handshakes, H4 streams) are fuzzed with whole sequences that mutation can reorder, cut and join.
 */
export function packChunks(chunks: readonly Uint8Array[]): Uint8Array {
  return concat(...chunks.map((c) => concat(Uint8Array.of(c.length >> 8, c.length & 0xff), c.subarray(0, 0xffff))));
}

export function unpackChunks(input: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < input.length; ) {
    const length = ((input[i] ?? 0) << 8) | (input[i + 1] ?? 0);
    chunks.push(input.subarray(i + 2, i + 2 + length));
    i += 2 + length;
  }
  return chunks;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
