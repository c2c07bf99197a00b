/**
 * The wizard's local backup: what the applicant typed is written to localStorage on every change
 * and cleared once the server has it, so a closed tab, a crash or a lost connection loses nothing.
 */
export interface WizardValues {
  industryAuthority?: string;
  items?: { itemId: string; levels: number[] }[];
  sites?: { name?: string; address?: string; district?: string }[];
  /** 一(一)–(六) in the notice's order: affirmed or not (saved with the rest of the draft) */
  declarations?: boolean[];
}

interface Stored {
  values: WizardValues;
  dirty: boolean;
  at: number;
}

const key = (scope: string) => `shsp.wizard.${scope}`;

export function loadBackup(scope: string): Stored | null {
  try {
    const raw = localStorage.getItem(key(scope));
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export function saveBackup(scope: string, values: WizardValues, dirty: boolean): void {
  try {
    localStorage.setItem(key(scope), JSON.stringify({ values, dirty, at: Date.now() } satisfies Stored));
  } catch {
    /* storage full or unavailable: the server copy still counts */
  }
}

export function clearBackup(scope: string): void {
  try {
    localStorage.removeItem(key(scope));
  } catch {
    /* ignore */
  }
}

/**
 * 一(一)–(六) as earlier versions kept them: on this device only, per organisation. Read (never
 * written) for an application the server holds no declaration for, so what was ticked here is not
 * lost — and, while the application is editable, goes to the server with the next save.
 */
const legacyDeclKey = (scope: string) => `shsp.declarations.${scope}`;
export function loadLegacyDeclarations(scope: string): boolean[] | null {
  try {
    const raw = localStorage.getItem(legacyDeclKey(scope));
    if (!raw) return null;
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? Array.from({ length: 6 }, (_, i) => v[i] === true) : null;
  } catch {
    return null;
  }
}
