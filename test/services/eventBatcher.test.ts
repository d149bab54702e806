import { describe, expect, it } from 'vitest';
import { Batcher, ReadyGate } from '../../electron/services/eventBatcher';

describe('event batching', () => {
  it('delivers a burst as one batch after the interval', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>((b) => batches.push(b), 30);
    for (let i = 0; i < 50; i++) batcher.push(i);
    expect(batches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50);
    batcher.close();
  });

  it('holds messages until ready, keeping only the newest when the limit is reached', () => {
    const sent: number[] = [];
    const gate = new ReadyGate<number>((m) => sent.push(m), 3);
    for (let i = 1; i <= 5; i++) gate.post(i);
    expect(sent).toEqual([]);
    gate.ready();
    expect(sent).toEqual([3, 4, 5]);
    gate.post(6);
    expect(sent).toEqual([3, 4, 5, 6]);
    gate.reset();
    gate.post(7);
    expect(sent).toEqual([3, 4, 5, 6]);
  });
});
