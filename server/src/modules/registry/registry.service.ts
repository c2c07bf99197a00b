import type { z } from 'zod';
import type { directoryQuery } from '../../../../contract/registry.js';
import type { Db } from '../../platform/db/database.js';
import type { PgListener } from '../../platform/db/listener.js';
import { filingView } from '../applications/applications.view.js';
import { DirectoryIndex, type DirectoryEntry } from './directory-index.js';
import {
  activeFilingsBare,
  catalogueEntries,
  inSnapshot,
  listDistricts,
  organizationsWithActiveFiling,
  registryVersion,
  siteDistrictsOfActiveFilings,
} from './registry.repository.js';

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
        const { version, entries } = await this.load();
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

  /**
   * Every organisation with an active filing, with its active filings and the districts of the
   * assessment sites of those applications — read in one snapshot together with the version.
   */
  private load(): Promise<{ version: string; entries: DirectoryEntry[] }> {
    return inSnapshot(this.db, async (tx) => {
      const version = await registryVersion(tx);
      const [orgs, filings, items, sites] = await Promise.all([
        organizationsWithActiveFiling(tx),
        activeFilingsBare(tx),
        catalogueEntries(tx),
        siteDistrictsOfActiveFilings(tx),
      ]);
      const byOrg = new Map<string, DirectoryEntry>();
      const entries = orgs.map((o) => {
        const e: DirectoryEntry = {
          organizationId: o.id,
          name: o.name,
          uscc: o.uscc,
          district: o.district,
          districtName: o.district_name,
          siteDistricts: [],
          filings: [],
        };
        byOrg.set(o.id, e);
        return e;
      });
      const itemById = new Map(items.map((i) => [i.id, i]));
      for (const f of filings) {
        const e = byOrg.get(f.organization_id);
        const item = itemById.get(f.campaign_item_id);
        if (!e || !item) continue;
        const org = { id: e.organizationId, name: e.name, uscc: e.uscc };
        e.filings.push(filingView(f, org, { ...item, levels: f.levels }));
      }
      // by catalogue number, then receipt number
      for (const e of entries) if (e.filings.length > 1) e.filings.sort((a, b) => a.itemSeq - b.itemSeq || (a.receiptNo < b.receiptNo ? -1 : 1));
      for (const s of sites) byOrg.get(s.organization_id)?.siteDistricts.push(s.district);
      return { version, entries };
    });
  }

  /** 本市各区, by code. */
  districts() {
    return listDistricts(this.db);
  }

  async searchJson(q: z.infer<typeof directoryQuery>): Promise<Buffer> {
    return (await this.current()).searchJson(q);
  }
}
