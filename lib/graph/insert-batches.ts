import type { Model, ModelClass } from 'objection';
import type { PlannedNode } from './insert-plan';

/** Each node's level, by its index: 0 without dependencies, else one more than its deepest. */
function levelsOf(nodes: PlannedNode[]): Int32Array {
  const levels = new Int32Array(nodes.length).fill(-1);
  const levelOf = (node: PlannedNode): number => {
    let level = levels[node.index]!;
    if (level === -1) {
      level = 0;
      for (const { source } of node.keyCopies) level = Math.max(level, levelOf(source) + 1);
      levels[node.index] = level;
    }
    return level;
  };
  nodes.forEach(levelOf);
  return levels;
}

/**
 * Groups nodes into insertion batches: by level (a node comes after every node whose key it
 * copies), then by model class in order of first appearance, keeping the input order inside.
 *
 * @example
 * batchesOf(nodes) // [[shop 1, shop 2], [product 1, product 2, product 3]]
 */
export function batchesOf(nodes: PlannedNode[]): PlannedNode[][] {
  const levels = levelsOf(nodes);
  const byLevel: Array<Map<ModelClass<Model>, PlannedNode[]>> = [];
  for (const node of nodes) {
    const level = levels[node.index]!;
    const byClass = (byLevel[level] ??= new Map());
    const batch = byClass.get(node.modelClass);
    if (batch) batch.push(node);
    else byClass.set(node.modelClass, [node]);
  }
  return byLevel.flatMap((byClass) => [...byClass.values()]);
}
