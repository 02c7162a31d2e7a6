import type { FieldError } from '../errors';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored as it is, the same on every database, or `undefined` when it
 * can. A NUL character is refused by PostgreSQL's text types and kept by SQLite, so the layer
 * refuses it before either sees it. A lone surrogate is not Unicode: both drivers would write
 * U+FFFD in its place, a silent change of the data, so it is refused too.
 *
 * @example
 * unstorableTextReason('a\u0000b') // 'must not contain a NUL character (\\u0000)'
 */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) {
    return 'must be valid Unicode: it contains a lone surrogate (\\uD800-\\uDFFF)';
  }
  return undefined;
}

/**
 * Whether every string in `json` can be stored as it is: the common case, a flat row of short
 * strings, is answered without allocating; anything nested goes through `unstorableTextErrors`.
 */
export function isStorableJson(json: object): boolean {
  for (const value of Object.values(json)) {
    if (typeof value === 'string') {
      if (unstorableTextReason(value) !== undefined) return false;
    } else if (typeof value === 'object' && value !== null) {
      if (unstorableTextErrors(value).length > 0) return false;
    }
  }
  return true;
}

/**
 * Every string in `json` that `unstorableTextReason` refuses, at any depth (JSON attributes
 * included), each with its path after `dataPath` in Objection's notation (`products[1].name`,
 * `meta.tags.0`). The walk keeps its own stack, so however deep the input nests, it cannot
 * overflow the call stack.
 */
export function unstorableTextErrors(json: object, dataPath = ''): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Array<[path: string, value: unknown]> = Object.entries(json).map(
    ([key, value]) => [`${dataPath}.${key}`, value],
  );
  while (pending.length > 0) {
    const [path, value] = pending.pop()!;
    if (typeof value === 'string') {
      const reason = unstorableTextReason(value);
      if (reason) errors.push({ path: path.substring(1), message: reason });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) pending.push([`${path}.${key}`, child]);
    }
  }
  return errors.reverse();
}
