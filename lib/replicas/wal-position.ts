/**
 * A position in PostgreSQL's write-ahead log, as a number that orders like the log: the text
 * form `16/B374D848` is two 32-bit hexadecimal halves.
 */
export type WalPosition = bigint;

const TEXT_FORM = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/**
 * The position `text` spells (`pg_lsn`'s text form), or `undefined` when it spells none.
 *
 * @example
 * parseWalPosition('0/16B3748') // 23803720n
 */
export function parseWalPosition(text: string): WalPosition | undefined {
  const match = TEXT_FORM.exec(text.trim());
  if (!match) return undefined;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/**
 * The text form of a position, as PostgreSQL prints a `pg_lsn`.
 *
 * @example
 * formatWalPosition(0x16B3748n) // '0/16B3748'
 */
export function formatWalPosition(position: WalPosition): string {
  const high = (position >> 32n).toString(16).toUpperCase();
  const low = (position & 0xffffffffn).toString(16).toUpperCase();
  return `${high}/${low}`;
}

/** The later of two positions, either of which may be unknown. */
export function laterOf(
  a: WalPosition | undefined,
  b: WalPosition | undefined,
): WalPosition | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
