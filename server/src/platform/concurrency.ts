/**
 * At most `slots` tasks at once; the rest wait in arrival order. Used where concurrency costs memory
 * per task (uploads being received, PDFs being parsed): a caller that waits holds nothing — an
 * upload that waits has not been read, so its bytes stay in the client and the kernel (TCP flow
 * control), not in this process.
 */
export class Slots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error(`slots must be a positive integer, got ${slots}`);
  }

  /** how many tasks are waiting for a slot (for metrics) */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy++;
    try {
      return await fn();
    } finally {
      // hand the slot straight to the next in line (busy stays the same), or free it
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }
}

/**
 * At most `bytes` held at once, taken without waiting: a caller that cannot have what it asks for
 * does without (e.g. checks a file from the store instead of from memory). Counts bytes, not tasks —
 * what a node holds is then bounded whatever the sizes and the number of callers.
 */
export class ByteBudget {
  private inUse = 0;
  /** the most ever held at once (for tests and metrics) */
  peak = 0;

  constructor(readonly bytes: number) {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`a byte budget must be a non-negative integer, got ${bytes}`);
  }

  /** bytes held now */
  get held(): number {
    return this.inUse;
  }

  /** Takes `n` bytes if they fit, else nothing. */
  tryTake(n: number): boolean {
    if (n <= 0 || this.inUse + n > this.bytes) return false;
    this.inUse += n;
    this.peak = Math.max(this.peak, this.inUse);
    return true;
  }

  give(n: number): void {
    if (n < 0 || n > this.inUse) throw new Error(`giving back ${n} bytes of ${this.inUse} held`);
    this.inUse -= n;
  }
}
