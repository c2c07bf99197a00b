/**
 * Whether an error says the database cannot be reached now (down, restarting, refusing connections)
 * rather than that a statement failed: the API answers 503 and the sweeper stops, instead of a 500
 * or marking a deadline as failed. A Unix socket that is not there (the server stopped: `connect
 * ENOENT`) is the socket's ECONNREFUSED.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = (err ?? {}) as { code?: string; message?: string; syscall?: string };
  const code = String(e.code ?? '');
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(code) ||
    (code === 'ENOENT' && e.syscall === 'connect') ||
    /Connection terminated|timeout exceeded when trying to connect|connect (ECONNREFUSED|ENOENT)/i.test(e.message ?? '')
  );
}
