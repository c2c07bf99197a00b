import { describe, expect, it } from 'vitest';
import { Slots } from './concurrency.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Slots', () => {
  it('never runs more than its slots at once, and runs every task in arrival order', async () => {
    const slots = new Slots(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const release: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      slots.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => release.push(r));
        running--;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(slots.queued).toBe(7);
    while (release.length) {
      release.shift()!();
      await tick();
      await tick();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(slots.queued).toBe(0);
  });

  it('frees the slot of a task that fails', async () => {
    const slots = new Slots(1);
    await expect(
      slots.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => new Slots(0)).toThrow();
    expect(() => new Slots(1.5)).toThrow();
  });
});
