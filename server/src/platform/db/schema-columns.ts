import type { ColumnType } from 'kysely';

/** The column types the schema's files share. Dates (`date`) are read as 'YYYY-MM-DD' strings. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type DateCol = ColumnType<string, string, string>;
export type GeneratedTs = ColumnType<Date, Date | string | undefined, Date | string>;
