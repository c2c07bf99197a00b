/**
 * The wizard's local backup: what the applicant typed is written to localStorage on every change
 * and cleared once the server has it, so a closed tab, a crash or a lost connection loses nothing.
 */
export interface WizardValues {
  industryAuthority?: string;
  items?: { itemId: string; levels: number[] }[];
  sites?: { name?: string; address?: string; district?: string }[];
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

/** 一(一)–(六): the six conditions the applicant declares (kept with the draft on this device). */
const declKey = (scope: string) => `shsp.declarations.${scope}`;
export function loadDeclarations(scope: string): boolean[] {
  try {
    const raw = localStorage.getItem(declKey(scope));
    const v = raw ? (JSON.parse(raw) as boolean[]) : [];
    return Array.from({ length: 6 }, (_, i) => !!v[i]);
  } catch {
    return [false, false, false, false, false, false];
  }
}
export function saveDeclarations(scope: string, v: boolean[]): void {
  try {
    localStorage.setItem(declKey(scope), JSON.stringify(v));
  } catch {
    /* ignore */
  }
}
