import {
  type RunningPgBouncer,
  startPgBouncer,
  whyNoPgBouncer,
} from '../../scripts/local-postgres/pgbouncer';
import { DIALECTS, POSTGRES_URL } from './dialects';

let bouncer: RunningPgBouncer | undefined;
let unavailable: string | undefined;

/** Why the `DB=pgbouncer` dialect has no PgBouncer (its specs then pend, and fail in CI). */
export function whyNoPgBouncerDialect(): string | undefined {
  return unavailable;
}

/**
 * With `DB=pgbouncer`: starts a PgBouncer of the run's own, in transaction mode, in front of the
 * PostgreSQL server the suite uses, and points the dialect at a database of the suite's own
 * through it (`<database>_bounced`, created and marked on first use as any test database).
 * Ten server connections, as many as the suite's own pool holds, so that PgBouncer adds its
 * transaction-mode semantics and no queue of its own.
 */
export async function startPgBouncerDialect(): Promise<void> {
  const dialect = DIALECTS.find((candidate) => candidate.via === 'pgbouncer');
  if (!dialect) return;
  unavailable = whyNoPgBouncer();
  if (unavailable) return;
  const server = new URL(POSTGRES_URL);
  bouncer = await startPgBouncer({ serverPort: Number(server.port || 5432), poolSize: 10 });
  const database = `${decodeURIComponent(server.pathname.slice(1))}_bounced`;
  dialect.url = `${bouncer.urlOf(database)}?pooler=transaction`;
}

export async function stopPgBouncerDialect(): Promise<void> {
  await bouncer?.stop();
  bouncer = undefined;
}
