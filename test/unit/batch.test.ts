import { describe, expect, it } from 'vitest';
import { checkConcurrency, mapInOrder } from '../../src/batch.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapInOrder', () => {
  it('returns results in input order whatever order they finish in, and reports each as it settles', async () => {
    const delays = [30, 5, 20, 0, 10];
    const settled: [number, number][] = [];
    const results = await mapInOrder(
      delays.length,
      3,
      async (index) => {
        await tick(delays[index]!);
        return `item ${index}`;
      },
      (index, _result, done) => settled.push([index, done]),
    );
    expect(results).toEqual(['item 0', 'item 1', 'item 2', 'item 3', 'item 4']);
    expect(settled.map(([, done]) => done)).toEqual([1, 2, 3, 4, 5]);
    expect(settled.map(([index]) => index).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(settled[0]![0]).not.toBe(0); // the slow first item did not hold the others back
  });

  it('starts items in order and never runs more than `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await mapInOrder(
      7,
      2,
      async (index) => {
        started.push(index);
        running++;
        peak = Math.max(peak, running);
        await tick(index % 3);
        running--;
        return index;
      },
      () => undefined,
    );
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('handles an empty batch and more lanes than items', async () => {
    expect(await mapInOrder(0, 4, async (index) => index, () => undefined)).toEqual([]);
    expect(await mapInOrder(2, 8, async (index) => index * 2, () => undefined)).toEqual([0, 2]);
  });
});

describe('checkConcurrency', () => {
  it('takes whole numbers of at least 1', () => {
    expect(checkConcurrency(1)).toBe(1);
    expect(checkConcurrency(4)).toBe(4);
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity])('refuses %s with invalid_options', (value) => {
    expect(() => checkConcurrency(value)).toThrowError(expect.objectContaining({ code: 'invalid_options' }));
  });
});
