/**
 * The order in which `count` contenders run in round `round`, as indexes: the rows of a Williams
 * design (a balanced Latin square). Over `count` consecutive rounds (twice as many for an odd
 * count) every contender runs once in every position and right after every other contender
 * once, so none always inherits the garbage and cold caches of the same predecessor. A plain
 * rotation (A B C, B C A, C A B) keeps the cyclic order: each contender would always follow the
 * same one.
 *
 * @example
 * runOrder(4, 0) // [0, 1, 3, 2]
 * runOrder(4, 1) // [1, 2, 0, 3]
 */
export function runOrder(count: number, round: number): number[] {
  // 0, 1, n-1, 2, n-2, …: the steps between neighbours are all different modulo n.
  const first = [0];
  for (let low = 1, high = count - 1; first.length < count;) {
    first.push(first.length % 2 === 1 ? low++ : high--);
  }
  const row = first.map((index) => (index + round) % count);
  // For an odd count the square alone is not balanced; its mirror image completes it.
  return count % 2 === 1 && Math.floor(round / count) % 2 === 1 ? row.reverse() : row;
}
