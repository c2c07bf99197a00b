import type { z } from 'zod';
import type { directoryQuery } from '../../../../contract/registry.js';
import type { Db } from '../../platform/db/database.js';
import type { PgListener } from '../../platform/db/listener.js';
import { DirectoryIndex } from './directory-index.js';
import { loadDirectory, registryVersion } from './registry.repository.js';

/** How often a node re-reads the directory's version when it cannot rely on notifications. */
const POLL_MS = 500;
/** Even with notifications, a cheap version check now and then catches anything missed. */
const SAFETY_MS = 5_000;

/**
 * Serves the public directory from memory, kept equal to the database across nodes: a trigger bumps
 * `registry_version` and NOTIFYs on every change; each node drops its copy on the notification (or
 * on a version change it polls for while its listener is down) and rebuilds it once, on demand.
 */
export class RegistryService {
  private index?: DirectoryIndex;
  private stale = true;
  private building?: Promise<DirectoryIndex>;
  private checkedAt = 0;
  listener?: PgListener;

  constructor(private readonly db: Db) {}

  markStale(): void {
    this.stale = true;
  }

  async current(): Promise<DirectoryIndex> {
    const trust = this.listener?.connected ? SAFETY_MS : POLL_MS;
    if (!this.stale && this.index && Date.now() - this.checkedAt > trust) {
      this.checkedAt = Date.now();
      if ((await registryVersion(this.db)) !== this.index.version) this.stale = true;
    }
    if (!this.stale && this.index) return this.index;
    this.building ??= (async () => {
      this.stale = false; // a change announced while loading marks it stale again
      try {
        const { version, entries } = await loadDirectory(this.db);
        this.index = new DirectoryIndex(version, entries);
        this.checkedAt = Date.now();
        return this.index;
      } catch (err) {
        this.stale = true;
        throw err;
      }
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  async searchJson(q: z.infer<typeof directoryQuery>): Promise<Buffer> {
    return (await this.current()).searchJson(q);
  }
}
