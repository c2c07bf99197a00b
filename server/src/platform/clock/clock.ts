import type { Db } from '../db/database.js';

/**
 * The business clock: the only source of "now" for the rules of the notice (SEC-20). Session
 * lifetimes, lock-outs and rate limits use real time instead (api-v1 conventions).
 */
export interface Clock {
  now(): Date;
  readonly simulated: boolean;
}

export const systemClock: Clock = { now: () => new Date(), simulated: false };

/**
 * Simulated time (APP_CLOCK): starts at an instant and runs on with real time. The instant is
 * kept in the database so every node of one system agrees; each node re-reads it periodically.
 */
export class SimulatedClock implements Clock {
  readonly simulated = true;
  private offsetMs: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    start: Date,
  ) {
    this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Called once at start: publish the configured instant to the other nodes. */
  async publish(): Promise<void> {
    await this.set(this.now());
  }

  async set(instant: Date): Promise<void> {
    const real = new Date();
    await this.db
      .insertInto('system_clock')
      .values({ id: 1, simulated_now: instant, set_at: real })
      .onConflict((oc) => oc.column('id').doUpdateSet({ simulated_now: instant, set_at: real }))
      .execute();
    this.offsetMs = instant.getTime() - real.getTime();
  }

  async refresh(): Promise<void> {
    const row = await this.db.selectFrom('system_clock').selectAll().where('id', '=', 1).executeTakeFirst();
    if (row) this.offsetMs = new Date(row.simulated_now).getTime() - new Date(row.set_at).getTime();
  }

  startSync(intervalMs = 2000): void {
    this.timer = setInterval(() => void this.refresh().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  stopSync(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** A clock fixed at an instant the test controls. */
export class ManualClock implements Clock {
  readonly simulated = true;
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date): void {
    this.t = new Date(t);
  }
}
