import { inject } from 'vitest';

/**
 * SIGNING_KEY_FILE and LOG_KEY_FILE of the run's one test key set (made once in global-setup.ts:
 * an RSA-3072 key takes ~0.5 s to make), for test systems and for the server processes tests start.
 */
export function trustKeyEnv(): { SIGNING_KEY_FILE: string; LOG_KEY_FILE: string } {
  const files = inject('trustKeyFiles');
  return { SIGNING_KEY_FILE: files.signingKeyFile, LOG_KEY_FILE: files.logKeyFile };
}
