// Objection's text for one key value (`propToStr` in its model values): what it matches on.
function objectionText(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'object') return JSON.stringify(value);
  return `${value as string}`;
}

/**
 * A `Map` key for one key value of an owner or a related row, equal for two values exactly when
 * Objection's texts for them are (`RelationProperty.propKey`, `'k_' + text`), which is how it
 * matches rows to owners; without building a text for every row: a number stands for itself, and
 * a text for the number it spells (`'7'` and `7` meet, as in Objection). `Map` takes `-0` as `0`
 * and `NaN` as `NaN`, as their texts do, and no two different texts get the same key, so rows
 * group exactly as Objection groups them.
 *
 * @example
 * matchKeyOf(7) === matchKeyOf('7') // true
 * matchKeyOf('07') === matchKeyOf(7) // false: '07' is not the text of 7
 */
export function matchKeyOf(value: unknown): unknown {
  if (typeof value === 'number') return value;
  const text = typeof value === 'string' ? value : objectionText(value);
  const number = Number(text);
  return String(number) === text ? number : text;
}
