/** How one test of the suite ended, as the result reporter records it. */
export interface TestOutcome {
  /** Mocha's title path: `integration tests`, the client, then the describe blocks and the test. */
  titlePath: string[];
  state: 'passed' | 'failed' | 'pending';
  /** The first line of the error's message, for a failure. */
  error?: string;
}

/**
 * A test's title without the suite's `integration tests` › client prefix, so that one title
 * names the same test on every client: `Model find queries › .query() › should return all rows`.
 */
export function titleOf(outcome: TestOutcome): string {
  return outcome.titlePath.slice(2).join(' › ');
}

/** The group a test is counted in: its file's top describe block (misc: each misc file's). */
export function groupOf(outcome: TestOutcome): string {
  const [top, next] = outcome.titlePath.slice(2);
  if (top === 'misc' && next !== undefined && outcome.titlePath.length > 4) return `misc › ${next}`;
  return outcome.titlePath.length > 3 && top !== undefined ? top : '(suite hooks)';
}

/** A test that passes on vanilla Objection and not with the layer's models. */
export interface Regression {
  title: string;
  group: string;
  /** `failed` with its error, or `not run`: a failing hook above it kept it from running. */
  layerState: 'failed' | 'not run' | 'pending';
  error?: string;
}

/** What one client's baseline and layer runs give, side by side. */
export interface Comparison {
  baseline: TestOutcome[];
  layer: TestOutcome[];
  regressions: Regression[];
  /** Tests that fail on vanilla Objection and pass with the layer. */
  fixed: string[];
}

function byTitle(outcomes: readonly TestOutcome[]): Map<string, TestOutcome> {
  return new Map(outcomes.map((outcome) => [titleOf(outcome), outcome]));
}

/** Compares the layer's outcomes with the baseline's, test by test. */
export function compareRuns(baseline: TestOutcome[], layer: TestOutcome[]): Comparison {
  const layerByTitle = byTitle(layer);
  const regressions: Regression[] = [];
  for (const outcome of baseline) {
    if (outcome.state !== 'passed') continue;
    const title = titleOf(outcome);
    const onLayer = layerByTitle.get(title);
    if (onLayer?.state === 'passed') continue;
    regressions.push({
      title,
      group: groupOf(outcome),
      layerState: onLayer ? onLayer.state : 'not run',
      ...(onLayer?.error === undefined ? {} : { error: onLayer.error }),
    });
  }
  const baselineByTitle = byTitle(baseline);
  const fixed = layer
    .filter((outcome) => outcome.state === 'passed')
    .map(titleOf)
    .filter((title) => baselineByTitle.get(title)?.state === 'failed');
  return { baseline, layer, regressions, fixed };
}

/** Passed, failed and pending counts of one run. */
export function countsOf(outcomes: readonly TestOutcome[]): Record<TestOutcome['state'], number> {
  const counts = { passed: 0, failed: 0, pending: 0 };
  for (const { state } of outcomes) counts[state]++;
  return counts;
}
