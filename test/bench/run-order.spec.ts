import { expect } from 'chai';
import { runOrder } from '../../bench/harness/run-order';

/** How often each contender runs right after each other one over `rounds` rounds. */
function predecessorCounts(count: number, rounds: number): Map<string, number> {
  const counts = new Map<string, number>();
  let previous: number | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const index of runOrder(count, round)) {
      if (previous !== undefined) {
        const pair = `${previous}>${index}`;
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
      }
      previous = index;
    }
  }
  return counts;
}

describe('Benchmark | run order', () => {
  for (const count of [2, 3, 4, 5, 6]) {
    const cycle = count % 2 === 0 ? count : 2 * count;

    it(`runs each of ${count} contenders once per round, once in each position per cycle`, () => {
      const rows = Array.from({ length: cycle }, (_, round) => runOrder(count, round));

      for (const row of rows) {
        expect([...row].sort((a, b) => a - b)).to.deep.equal([...Array(count).keys()]);
      }
      for (let position = 0; position < count; position++) {
        const inPosition = rows.map((row) => row[position]!);
        expect(new Set(inPosition).size).to.equal(count);
      }
    });

    it(`puts each of ${count} contenders right after each other one equally often`, () => {
      // Within the rounds of one cycle; the pairs across round boundaries come on top.
      const counts = new Map<string, number>();
      for (let round = 0; round < cycle; round++) {
        const row = runOrder(count, round);
        for (let i = 1; i < row.length; i++) {
          const pair = `${row[i - 1]}>${row[i]}`;
          counts.set(pair, (counts.get(pair) ?? 0) + 1);
        }
      }

      expect(counts.size).to.equal(count * (count - 1));
      expect(new Set(counts.values()).size).to.equal(1);
    });
  }

  it('does not let a contender follow the same one in every round, as a rotation would', () => {
    const counts = predecessorCounts(6, 30);

    expect(Math.max(...counts.values())).to.be.below(30 / 2);
  });
});
