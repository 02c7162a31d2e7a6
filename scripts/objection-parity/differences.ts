import fs from 'node:fs';
import path from 'node:path';
import type { Client } from './parity-env';
import type { Regression } from './outcomes';

/**
 * A test of Objection's suite that is expected to fail with the layer's models, because the
 * layer differs from Objection there on purpose: `row` is the behaviour column of the README's
 * table of differences that explains it.
 */
export interface ExpectedDifference {
  /** The test's full title, as the runner prints it (`titleOf`). */
  title: string;
  /** The clients it differs on; every client when left out. */
  clients?: Client[];
  row: string;
}

const LIST = path.join(__dirname, 'expected-differences.json');
const README = path.resolve(__dirname, '..', '..', 'README.md');

/** The first cell of every table row in the README, as written (backticks included). */
function readmeRows(): Set<string> {
  const rows = fs
    .readFileSync(README, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) => line.split(' | ')[0]!.slice(2).trim());
  return new Set(rows);
}

/**
 * The committed list of expected differences, checked: every entry names a row of the README's
 * table, and no test is listed twice.
 */
export function loadExpectedDifferences(): ExpectedDifference[] {
  const list = JSON.parse(fs.readFileSync(LIST, 'utf8')) as { differences: ExpectedDifference[] };
  const rows = readmeRows();
  const seen = new Set<string>();
  for (const { title, row } of list.differences) {
    if (!rows.has(row)) throw new Error(`${LIST}: "${title}" points at no README row "${row}"`);
    if (seen.has(title)) throw new Error(`${LIST}: "${title}" is listed twice`);
    seen.add(title);
  }
  return list.differences;
}

function appliesTo(difference: ExpectedDifference, client: Client): boolean {
  return difference.clients === undefined || difference.clients.includes(client);
}

/** The regressions of `client` split by the list: explained ones, others, and stale entries. */
export function matchExpected(
  regressions: readonly Regression[],
  differences: readonly ExpectedDifference[],
  client: Client,
): { expected: Regression[]; unexpected: Regression[]; stale: ExpectedDifference[] } {
  const listed = new Map(
    differences.filter((d) => appliesTo(d, client)).map((d) => [d.title, d] as const),
  );
  const expected = regressions.filter((regression) => listed.has(regression.title));
  const unexpected = regressions.filter((regression) => !listed.has(regression.title));
  const regressed = new Set(regressions.map((regression) => regression.title));
  const stale = [...listed.values()].filter((difference) => !regressed.has(difference.title));
  return { expected, unexpected, stale };
}
