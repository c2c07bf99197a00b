import type { ByteBudget } from '../concurrency.js';

/**
 * The buffers PDFs are kept in for their checks (`KeepInMemory`), reused instead of allocated per
 * upload. A fresh 1 MiB buffer per upload is memory outside V8's heap that lives as long as the
 * upload, so it survives the young generation's collections and is freed only by a full one — which
 * V8 starts when such memory has grown by ~64 MiB: in the surge (decision 0009) the node's external
 * memory rose by ~90 MiB and a fifth of its JavaScript time went to the garbage collector. Each fresh
 * buffer's pages are also faulted in anew (an allocation and copy of 1 MiB: ~0.7 ms of CPU here).
 *
 * Bounded by the same budget: what is in use (`budget.held`) plus what waits here for reuse stays
 * within `budget.bytes` — a buffer waiting here is dropped, oldest first, to make room. A buffer is
 * reused for a content at most a quarter smaller than it; otherwise one of the exact size is made.
 */
export class KeptBuffers {
  private readonly free: Buffer[] = [];
  private freeBytes = 0;

  constructor(readonly budget: ByteBudget) {}

  /** bytes waiting for reuse (counted with `budget.held` against `budget.bytes`) */
  get pooled(): number {
    return this.freeBytes;
  }

  /** A buffer of at least `n` bytes, its whole length taken from the budget — or undefined when the budget has no room. */
  take(n: number): Buffer | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const len = this.free[i]!.length;
      if (len >= n && len <= n * 1.25 && (best < 0 || len < this.free[best]!.length)) best = i;
    }
    const reused = best >= 0 ? this.free.splice(best, 1)[0]! : undefined;
    if (reused) this.freeBytes -= reused.length;
    const size = reused?.length ?? n;
    while (this.free.length > 0 && this.budget.held + this.freeBytes + size > this.budget.bytes) this.freeBytes -= this.free.shift()!.length;
    if (!this.budget.tryTake(size)) {
      if (reused) this.keep(reused);
      return undefined;
    }
    return reused ?? Buffer.allocUnsafe(size);
  }

  /** Gives a buffer taken here back: its bytes to the budget, the buffer itself for reuse (if the budget has room for both). */
  give(buf: Buffer): void {
    this.budget.give(buf.length);
    this.keep(buf);
  }

  private keep(buf: Buffer): void {
    if (this.budget.held + this.freeBytes + buf.length > this.budget.bytes) return; // dropped: the collector frees it
    this.free.push(buf);
    this.freeBytes += buf.length;
  }
}

const pools = new WeakMap<ByteBudget, KeptBuffers>();

/** The pool of a budget (one per budget: the node's PDF_CHECK_MEMORY_MIB). */
export function keptBuffersOf(budget: ByteBudget): KeptBuffers {
  let p = pools.get(budget);
  if (!p) pools.set(budget, (p = new KeptBuffers(budget)));
  return p;
}
