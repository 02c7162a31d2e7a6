// SQLite's CURRENT_TIMESTAMP: UTC, space-separated, no zone.
const SQLITE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;
const SPACE = 0x20;

let lastText = '';
let lastIso = '';

/**
 * SQLite's `CURRENT_TIMESTAMP` text as ISO-8601 (`2026-01-02 03:04:05` →
 * `2026-01-02T03:04:05.000Z`); `undefined` for any other text. Rewritten as text: parsing into a
 * Date and printing it again cost a microsecond per value. CURRENT_TIMESTAMP counts whole
 * seconds, so rows read together often carry the same text: the last one converted is reused,
 * as one shared string.
 *
 * @example
 * sqliteTimestampAsIso('2026-01-02 03:04:05') // '2026-01-02T03:04:05.000Z'
 */
export function sqliteTimestampAsIso(text: string): string | undefined {
  if (text === lastText) return lastIso;
  // ISO text ('T' at index 10) is not SQLite's: no need to run the pattern on it.
  if (text.charCodeAt(10) !== SPACE || !SQLITE_TIMESTAMP.test(text)) return undefined;
  const fraction = text.length === 19 ? '000' : text.slice(20, 23).padEnd(3, '0');
  lastText = text;
  lastIso = `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
  return lastIso;
}
