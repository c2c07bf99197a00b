import { hash, verify } from '@node-rs/argon2';

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
export { passwordProblems } from '../../../../contract/password-policy.js';
