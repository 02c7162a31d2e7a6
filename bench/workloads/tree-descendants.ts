import { Category } from '../../models';
import type { BenchContext } from '../harness/context';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { chunked, resetTables, rowsPerStatement } from './fixtures';

type Row = Record<string, unknown>;

const LEVELS = 5;

/** `roots` trees, `fanOut` children per node, 5 levels below each root; ids breadth first. */
async function loadForest(ctx: BenchContext, size: { roots: number; fanOut: number }) {
  await resetTables(ctx, ['categories']);
  let nextId = 1;
  let level: Row[] = Array.from({ length: size.roots }, () => ({
    id: nextId,
    name: `c${nextId++}`,
    parent_id: null,
  }));
  const rows = [...level];
  for (let depth = 1; depth <= LEVELS; depth += 1) {
    level = level.flatMap((parent) =>
      Array.from({ length: size.fanOut }, () => ({
        id: nextId,
        name: `c${nextId++}`,
        parent_id: parent.id,
      })),
    );
    rows.push(...level);
  }
  const statementSize = rowsPerStatement(3, ctx.dialect.insertLimits);
  // The ids are given so that both dialects number the trees alike; nothing inserts after them.
  for (const chunk of chunked(rows, statementSize)) await ctx.knex('categories').insert(chunk);
}

interface TreeNode {
  id: number;
  descendants?: TreeNode[];
}

function shapeOf(node: TreeNode): unknown[] {
  const below = [...(node.descendants ?? [])].sort((a, b) => a.id - b.id);
  return [node.id, below.map(shapeOf)];
}

/**
 * Every root category with its descendants five levels deep, nested: the layer's one recursive
 * statement against the per-level loop a Knex user writes (one query per level).
 */
export function treeDescendants({
  reducedFrom,
  ...size
}: {
  roots: number;
  fanOut: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload({
    name: reducedFrom ? `tree-5level-${size.roots}x${size.fanOut}` : 'tree-5level',
    reducedFrom,
    load: (ctx) => loadForest(ctx, size),
    prepare: () => undefined,
    contenders: {
      layer: () =>
        Category.query().whereNull('parent_id').withGraphFetched('descendants').orderBy('id'),
      knex: async ({ knex }) => {
        const roots: Row[] = await knex('categories').whereNull('parent_id').orderBy('id');
        let frontier = roots;
        while (frontier.length > 0) {
          const byId = new Map(frontier.map((node) => [node.id, (node.descendants = [] as Row[])]));
          const children: Row[] = await knex('categories')
            .whereIn(
              'parent_id',
              frontier.map((node) => node.id as number),
            )
            .orderBy('id');
          for (const child of children) byId.get(child.parent_id)!.push(child);
          frontier = children;
        }
        return roots;
      },
    },
    outcome: (_ctx, roots) => (roots as TreeNode[]).map(shapeOf),
  });
}
