import { describe, expect, it } from 'vitest';
import { ByteBudget } from '../concurrency.js';
import { KeptBuffers } from './kept-buffers.js';

describe('buffers kept for the PDF checks, reused within their budget', () => {
  it('reuses a buffer given back, drops waiting ones to make room, and never holds more than the budget', () => {
    const budget = new ByteBudget(1000);
    const pool = new KeptBuffers(budget);
    const a = pool.take(400)!;
    const b = pool.take(400)!;
    expect([a.length, b.length, budget.held]).toEqual([400, 400, 800]);
    expect(pool.take(300)).toBeUndefined(); // 800 + 300 > 1000
    pool.give(a);
    expect([budget.held, pool.pooled]).toEqual([400, 400]);
    // a content up to a quarter smaller goes into the waiting buffer: the same memory
    const c = pool.take(350)!;
    expect(c).toBe(a);
    expect([budget.held, pool.pooled]).toEqual([800, 0]);
    pool.give(b);
    pool.give(c);
    expect([budget.held, pool.pooled]).toEqual([0, 800]);
    // nothing waiting fits 700 (too small) and 800 + 700 would pass the budget: the waiting ones are dropped
    const d = pool.take(700)!;
    expect(d.length).toBe(700);
    expect([budget.held, pool.pooled]).toEqual([700, 0]);
    // a much smaller content gets a buffer of its own size, not a waiting one four times larger
    pool.give(d);
    const e = pool.take(100)!;
    expect(e).not.toBe(d);
    expect(e.length).toBe(100);
    expect(budget.held + pool.pooled).toBeLessThanOrEqual(budget.bytes);
    pool.give(e);
    expect(budget.held).toBe(0);
  });
});
