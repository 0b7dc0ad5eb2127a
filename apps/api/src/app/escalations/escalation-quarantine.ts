/**
 * Failed sweep attempts and the quarantine (table `escalation_quarantine`, one row per complaint and
 * the version that failed; SQL in `EscalationRepository`). The sweep holds the candidate's row lock
 * (`FOR UPDATE … SKIP LOCKED`) while it records a failure, so one complaint's record is never written
 * by two sweeps at once.
 */

/** Error class, SQLSTATE and message, for the admin listing (never logged: a message may quote data). */
export function errorSummary(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = errorCode(err);
  return `${e.name}${code ? ` ${code}` : ''}: ${e.message}`.slice(0, 500);
}

/** The SQLSTATE of a database error (TypeORM's QueryFailedError or a pg error), else null. */
export function errorCode(err: unknown): string | null {
  const o = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = o?.code ?? o?.driverError?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * The text of the one notice to the client's team leads (their feed, `GET /api/notifications`) that a
 * complaint is quarantined. Ids and the reference only: no customer data.
 */
export function quarantineMessage(reference: string, clientName: string | null, attempts: number): string {
  return (
    `${reference} (${clientName ?? 'unknown client'}): the escalation sweep failed ${attempts} times on this complaint ` +
    `and skips it until the complaint changes — watch its deadlines by hand; an admin sees the error under the sweep's quarantine.`
  ).slice(0, 500);
}
