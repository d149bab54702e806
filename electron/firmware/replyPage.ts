/**
 * Fills one page of a list reply (docs/protocol.md, "Paged replies"): items in the list's order while
 * the encoded response stays within REPLY_BUDGET_BYTES, and always at least one, so a walk always moves.
 * Sizes are measured by encoding, the way the reply will be encoded, so the budget holds whatever the
 * items hold (a long user id, a large detail map).
 */
import { encodeCbor } from '../protocol/cbor';
import { REPLY_BUDGET_BYTES } from '../protocol/messages';

/** The largest request id a response can echo: its envelope is measured with it. */
const LARGEST_ID = 0xffffffff;
/** Room for an array header that grows as the page grows (CBOR: 1 byte to 23 items, 2 to 255, 3 beyond). */
const ARRAY_HEADER_ROOM = 2;

export interface Page<T> {
  items: T[];
  /** True when items were left out: the reply carries a cursor to continue from. */
  more: boolean;
}

/**
 * Takes `items` in order while `{id, ok, result: emptyResult}` plus them fits the budget, at most `limit`.
 * `emptyResult` must already hold the largest cursor the reply could carry, so adding it cannot overflow.
 */
export function fillPage<T>(items: readonly T[], emptyResult: object, limit = Number.POSITIVE_INFINITY): Page<T> {
  let used = encodeCbor({ id: LARGEST_ID, ok: true, result: emptyResult }).length + ARRAY_HEADER_ROOM;
  const page: T[] = [];
  for (const item of items) {
    if (page.length >= limit) break;
    const size = encodeCbor(item).length;
    if (page.length > 0 && used + size > REPLY_BUDGET_BYTES) break;
    page.push(item);
    used += size;
  }
  return { items: page, more: page.length < items.length };
}
