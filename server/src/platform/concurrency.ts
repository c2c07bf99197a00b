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
