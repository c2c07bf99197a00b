/**
 * Who is signed in. GET /auth/me answers the user and the CSRF token (so a reloaded tab keeps
 * working); 401 means nobody. Signing in or out clears every cached answer, so one person's data
 * never shows on another's screen.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, get, post, setCsrfToken } from './api';
import type { Session, User } from './types';

export const SESSION_KEY = ['session'] as const;

/**
 * A hint (not a secret: the session cookie is HttpOnly) that this browser signed in, so public pages
 * ask GET /auth/me only when someone may be signed in — anonymous visitors make no needless call.
 */
const HINT = 'shsp.signedIn';
function setHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    /* ignore */
  }
}
function hasHint(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

export async function fetchSession(): Promise<Session | null> {
  try {
    const s = await get<Session>('/auth/me');
    setCsrfToken(s.csrfToken);
    setHint(true);
    return s;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      setCsrfToken(undefined);
      setHint(false);
      return null;
    }
    throw err;
  }
}

/** The signed-in user; `probe: false` (public pages) skips the call when this browser never signed in. */
export function useSession(opts: { probe?: boolean } = {}) {
  const skip = opts.probe === false && !hasHint();
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false, enabled: !skip });
}

export type LoginAnswer = { user: User; csrfToken: string; mustChangePassword?: boolean } | { mfaRequired: true; challenge: string };

function adopt(qc: QueryClient, a: { user: User; csrfToken: string; mustChangePassword?: boolean }): Session {
  setCsrfToken(a.csrfToken);
  setHint(true);
  const s: Session = { user: a.user, csrfToken: a.csrfToken, mustChangePassword: !!a.mustChangePassword };
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  qc.setQueryData(SESSION_KEY, s);
  return s;
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { username: string; password: string }) => {
      const a = await post<LoginAnswer>('/auth/login', body);
      if ('mfaRequired' in a) return a;
      return adopt(qc, a);
    },
  });
}

export function useLoginTotp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { challenge: string; code: string }) => {
      const a = await post<LoginAnswer>('/auth/login/totp', body);
      if ('mfaRequired' in a) throw new Error('unexpected second challenge');
      return adopt(qc, a);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await post('/auth/logout');
      } finally {
        setCsrfToken(undefined);
        setHint(false);
        qc.clear();
        qc.setQueryData(SESSION_KEY, null);
      }
    },
  });
}

/** Where each role starts in the back office. */
export function homeOf(user: User): string {
  switch (user.role) {
    case 'applicant':
      return '/app/my';
    case 'industry_authority':
    case 'district_hr':
      return '/app/recommend';
    case 'center':
      return '/app/center';
    case 'expert':
      return '/app/expert';
    case 'bureau':
      return '/app/bureau';
    case 'admin':
      return '/app/admin/users';
    case 'auditor':
      return '/app/audit';
  }
}
