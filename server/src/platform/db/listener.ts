import pg from 'pg';

/**
 * A dedicated connection that LISTENs on channels and reconnects by itself. `connected` tells
 * callers whether notifications can be trusted right now; every (re)connect counts as a change,
 * since notifications sent while disconnected are lost.
 */
export class PgListener {
  private client?: pg.Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  connected = false;

  constructor(
    private readonly url: string,
    private readonly channels: readonly string[],
    private readonly onNotify: (channel: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.connect().catch(() => this.schedule());
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect().catch(() => this.schedule());
    }, 1000);
    this.retry.unref();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.on('notification', (n) => this.onNotify(n.channel));
    await client.connect();
    for (const ch of this.channels) await client.query(`LISTEN ${pg.escapeIdentifier(ch)}`);
    this.client = client;
    this.connected = true;
    for (const ch of this.channels) this.onNotify(ch); // whatever happened while away
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.connected = false;
    this.client = undefined;
    void client.end().catch(() => {});
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.connected = false;
    await this.client?.end().catch(() => {});
  }
}
