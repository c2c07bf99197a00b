import type { ColumnType, Generated } from 'kysely';
import type { ItemKind } from '../../../../contract/enums.js';
import type { Timestamp, DateCol, GeneratedTs } from './schema-columns.js';
import type { CalendarDayType } from '../../../../contract/calendar.js';

/** Kysely's view of the reference data of a call: districts, the working-day calendar, the catalogue, the calls (campaigns) and their items, industry authorities; the simulated clock and the registry's version counters (migrations/*.sql). */
export interface DistrictsTable {
  code: string;
  name: string;
}
export interface CalendarYearsTable {
  year: number;
  loaded_at: GeneratedTs;
}
export interface CalendarDaysTable {
  day: DateCol;
  type: CalendarDayType;
  name: string;
}
/** 0019: bumped by a trigger on every change to the working-day calendar (nodes keep it in memory). */
export interface CalendarRevisionTable {
  id: number;
  revision: ColumnType<string, number, number>;
}
export interface CatalogueItemsTable {
  seq: number;
  name: string;
  occupation: string;
  work_type: string | null;
  kind: ItemKind;
  levels: number[];
  occupation_code: string | null;
  official_name: string;
  aliases: string[];
}
export interface CampaignsTable {
  id: Generated<string>;
  doc_number: string;
  title: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  rules: ColumnType<CampaignRulesRow, string, string>;
  created_at: GeneratedTs;
}
export interface CampaignRulesRow {
  publicityWorkingDays: number;
  projectEvaluationMonths: number;
  cooldownMonths: number;
  filingValidityYears: number;
  correctionWorkingDays: number;
  minExpertReviews: number;
}
/** A call's items: the catalogue's columns, per call. */
export interface CampaignItemsTable extends CatalogueItemsTable {
  id: Generated<string>;
  campaign_id: string;
}
export interface IndustryAuthoritiesTable {
  id: Generated<string>;
  name: string;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
}
export interface SystemClockTable {
  id: number;
  simulated_now: Timestamp;
  set_at: Timestamp;
}
export interface RegistryVersionTable {
  id: number;
  version: ColumnType<string, number, number>;
}

export interface ReferenceTables {
  districts: DistrictsTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  calendar_revision: CalendarRevisionTable;
  catalogue_items: CatalogueItemsTable;
  campaigns: CampaignsTable;
  campaign_items: CampaignItemsTable;
  industry_authorities: IndustryAuthoritiesTable;
  system_clock: SystemClockTable;
  registry_version: RegistryVersionTable;
}
