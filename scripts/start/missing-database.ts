// What PostgreSQL answers a connection to a database that does not exist (invalid_catalog_name).
const INVALID_CATALOG_NAME = '3D000';

function isMissingDatabase(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, cause, nativeError } = error as {
    code?: unknown;
    cause?: unknown;
    nativeError?: unknown;
  };
  return (
    code === INVALID_CATALOG_NAME ||
    isMissingDatabase(cause, depth + 1) ||
    isMissingDatabase(nativeError, depth + 1)
  );
}

/**
 * When `error` says that the PostgreSQL database `url` names does not exist: one line that says
 * so, with the command that creates it. Undefined for any other error.
 *
 * @example
 * missingDatabaseMessage(error, 'postgres://postgres@127.0.0.1:5432/shop')
 * // 'The PostgreSQL database "shop" does not exist on 127.0.0.1:5432: create it with `createdb -h 127.0.0.1 -p 5432 -U postgres shop`, then start again'
 */
export function missingDatabaseMessage(error: unknown, url: string): string | undefined {
  if (!isMissingDatabase(error)) return undefined;
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.slice(1));
  const host = parsed.hostname || 'localhost';
  const port = parsed.port || '5432';
  const user = parsed.username ? ` -U ${decodeURIComponent(parsed.username)}` : '';
  return (
    `The PostgreSQL database "${database}" does not exist on ${host}:${port}: create it with ` +
    `\`createdb -h ${host} -p ${port}${user} ${database}\`, then start again`
  );
}
