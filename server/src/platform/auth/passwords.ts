import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { passwordProblems } from '../../../../contract/password-policy.js';

/** argon2id with a random salt per hash (SEC-15); parameters per OWASP's argon2id guidance. */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hash('not-a-real-password-Aa1!', OPTIONS);
  return dummy;
}

/** The policy itself lives in the contract, so the web checks a password as the server will (issue 13). */
export { passwordProblems };

/**
 * The characters of a generated password, one string per class of the policy, without those a reader
 * confuses (0/O/o, 1/l/I, 5/S, 2/Z, 8/B) or a shell, URL or e-mail mangles — it is read off a screen
 * and typed in by a person.
 */
const CLASSES = ['abcdefghijkmnpqrstuvwxyz', 'ACDEFGHJKLMNPQRTUVWXY', '34679', '#%+-=?@'] as const;
const ALL = CLASSES.join('');
export const GENERATED_PASSWORD_LENGTH = 16;

/**
 * One policy for every password the system makes up (the first administrator's, an administrator's
 * reset): 16 characters, every class of the policy at least once (over 80 bits), none a reader confuses,
 * and — checked, not hoped — no problem under the password policy for this username.
 */
export function generatePassword(username: string): string {
  for (;;) {
    const chars = CLASSES.map((c) => c[crypto.randomInt(c.length)]!);
    while (chars.length < GENERATED_PASSWORD_LENGTH) chars.push(ALL[crypto.randomInt(ALL.length)]!);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = crypto.randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (passwordProblems(password, username).length === 0) return password;
  }
}
