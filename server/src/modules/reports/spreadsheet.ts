import ExcelJS from 'exceljs';

/**
 * Tables out of the system, for Excel and for anything that reads CSV. Dates are real dates in
 * xlsx (a Shanghai calendar day, or a Shanghai wall-clock time: Excel has no time zones, so the
 * time shown is Beijing time and the column header says so).
 */
export type ColumnType = 'text' | 'number' | 'date' | 'datetime';
export interface Column {
  header: string;
  type?: ColumnType;
  width?: number;
}
/** text/number as is; date: 'YYYY-MM-DD'; datetime: an instant (Date) */
export type Value = string | number | Date | null | undefined;

const OFFSET_MS = 8 * 60 * 60 * 1000;

function dateCell(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d));
}

/** Shanghai wall-clock time carried in a Date's UTC fields (what Excel shows). */
function wallClock(instant: Date): Date {
  return new Date(instant.getTime() + OFFSET_MS);
}

export async function toXlsx(sheetName: string, columns: Column[], rows: Value[][], notes: [string, string][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '社会培训评价组织征集遴选系统';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    key: `c${i}`,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    style: c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.type === 'datetime' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
  for (const r of rows) {
    ws.addRow(
      r.map((v, i) => {
        if (v === null || v === undefined || v === '') return null;
        const t = columns[i]?.type ?? 'text';
        if (t === 'date' && typeof v === 'string') return dateCell(v);
        if (t === 'datetime' && v instanceof Date) return wallClock(v);
        return v;
      }),
    );
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const info = wb.addWorksheet('说明');
  info.columns = [{ width: 18 }, { width: 80 }];
  for (const n of notes) info.addRow(n);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell Excel would run as a formula (=, +, -, @, tab, CR) is neutralised (CSV injection). */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const pad = (n: number) => String(n).padStart(2, '0');
function shanghaiText(instant: Date): string {
  const d = wallClock(instant);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text correctly. */
export function toCsv(columns: Column[], rows: Value[][]): Buffer {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const r of rows) {
    lines.push(r.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? shanghaiText(v) : csvCell(String(v)))).join(','));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}
