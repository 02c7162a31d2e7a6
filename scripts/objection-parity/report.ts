import type { ExpectedDifference } from './differences';
import { type Comparison, countsOf, groupOf, type Regression, titleOf } from './outcomes';
import type { Client } from './parity-env';

interface GroupCounts {
  baselinePassed: number;
  baselineFailed: number;
  layerPassed: number;
  layerFailed: number;
  regressions: number;
}

function groupCountsOf({ baseline, layer, regressions }: Comparison): Map<string, GroupCounts> {
  const groups = new Map<string, GroupCounts>();
  const of = (group: string) => {
    let counts = groups.get(group);
    if (!counts) {
      counts = {
        baselinePassed: 0,
        baselineFailed: 0,
        layerPassed: 0,
        layerFailed: 0,
        regressions: 0,
      };
      groups.set(group, counts);
    }
    return counts;
  };
  for (const outcome of baseline) {
    if (outcome.state === 'passed') of(groupOf(outcome)).baselinePassed++;
    if (outcome.state === 'failed') of(groupOf(outcome)).baselineFailed++;
  }
  for (const outcome of layer) {
    if (outcome.state === 'passed') of(groupOf(outcome)).layerPassed++;
    if (outcome.state === 'failed') of(groupOf(outcome)).layerFailed++;
  }
  for (const regression of regressions) of(regression.group).regressions++;
  return groups;
}

function cell(passed: number, failed: number): string {
  return `${passed} pass${failed > 0 ? `, ${failed} fail` : ''}`;
}

/** One line per test group: passes and failures on the baseline and on the layer. */
export function printGroups(client: Client, comparison: Comparison): void {
  const groups = groupCountsOf(comparison);
  const width = Math.max(...[...groups.keys()].map((group) => group.length), 5);
  console.log(`\n${client}: pass/fail per test group`);
  console.log(
    `  ${'group'.padEnd(width)}  ${'baseline'.padEnd(18)}  ${'layer'.padEnd(18)}  regressions`,
  );
  for (const [group, counts] of groups) {
    const baseline = cell(counts.baselinePassed, counts.baselineFailed);
    const layer = cell(counts.layerPassed, counts.layerFailed);
    const regressions = counts.regressions > 0 ? String(counts.regressions) : '';
    console.log(
      `  ${group.padEnd(width)}  ${baseline.padEnd(18)}  ${layer.padEnd(18)}  ${regressions}`,
    );
  }
}

function describeRegression({ title, layerState, error }: Regression): string {
  return `    ${title}\n      ${layerState}${error ? `: ${error}` : ''}`;
}

/** The totals of a client, and every regression the list of expected differences does not hold. */
export function printVerdict(
  client: Client,
  comparison: Comparison,
  matched: { expected: Regression[]; unexpected: Regression[]; stale: ExpectedDifference[] },
): void {
  const baseline = countsOf(comparison.baseline);
  const layer = countsOf(comparison.layer);
  const { expected, unexpected, stale } = matched;
  console.log(
    `\n${client}: baseline ${baseline.passed} passed, ${baseline.failed} failed, ` +
      `${baseline.pending} pending; layer ${layer.passed} passed, ${layer.failed} failed, ` +
      `${layer.pending} pending; ${comparison.regressions.length} of the baseline's passing ` +
      `tests do not pass on the layer: ${expected.length} expected differences, ` +
      `${unexpected.length} regressions`,
  );
  if (unexpected.length > 0) {
    console.log(`  regressions outside the expected differences:`);
    for (const regression of unexpected) console.log(describeRegression(regression));
  }
  if (stale.length > 0) {
    console.log(`  listed as expected differences, but passing on the layer (remove them):`);
    for (const { title } of stale) console.log(`    ${title}`);
  }
  if (comparison.fixed.length > 0) {
    console.log(`  failing on the baseline, passing on the layer: ${comparison.fixed.length}`);
  }
  const failing = comparison.baseline.filter((outcome) => outcome.state === 'failed');
  for (const outcome of failing) console.log(`  baseline failure: ${titleOf(outcome)}`);
}
