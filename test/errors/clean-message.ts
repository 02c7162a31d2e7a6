import { expect } from 'chai';

// What a message must never carry: SQL text, driver codes or wording, placeholders.
const SQL_TEXT =
  /\b(insert\s+into|update\s+\S+\s+set|delete\s+from|select\s.*\sfrom|values\s*\(|returning)\b/i;
const DRIVER_TEXT =
  /SQLITE_|\b(23|42)[0-9A-Z]{3}\b|duplicate key|violates|constraint failed|\$\d|`/;

/**
 * Asserts that an error's message is one a person can act on and shows nothing of the
 * statement: no SQL, no driver codes, none of the `values` that were bound.
 */
export function expectCleanMessage(error: unknown, values: readonly unknown[] = []): void {
  expect(error).to.be.instanceOf(Error);
  const { message } = error as Error;
  expect(message).to.match(/^[A-Z]/);
  expect(message).not.to.match(SQL_TEXT);
  expect(message).not.to.match(DRIVER_TEXT);
  for (const value of values) expect(message).not.to.include(String(value));
}
