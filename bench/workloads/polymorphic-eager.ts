import type { Knex } from 'knex';
import { Comment } from '../../models';
import type { BenchContext } from '../harness/context';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { chunked, loadBlog, loadShops, resetTables, rowsPerStatement } from './fixtures';

type Row = Record<string, unknown>;

// The owner tables of the demo's morph map, by the type value the comments store.
const OWNER_TABLES: ReadonlyArray<[type: string, table: string]> = [
  ['post', 'posts'],
  ['product', 'products'],
];

/** `comments` comments, alternating between the posts and the products (ids 1… of each). */
async function loadComments(ctx: BenchContext, comments: number, owners: number): Promise<void> {
  await loadShops(ctx, owners / 10, 10);
  await loadBlog(ctx, { users: owners / 10, postsPerUser: 10, tagsPerPost: 0, tagPool: 1 });
  await resetTables(ctx, ['comments']);
  const rows = Array.from({ length: comments }, (_, i) => ({
    body: `Comment ${i + 1}`,
    commentable_type: OWNER_TABLES[i % OWNER_TABLES.length]![0],
    commentable_id: (Math.floor(i / OWNER_TABLES.length) % owners) + 1,
  }));
  const size = rowsPerStatement(3, ctx.dialect.insertLimits);
  await ctx.knex.transaction(async (trx) => {
    for (const chunk of chunked(rows, size)) await trx('comments').insert(chunk);
  });
}

/** Hand-written: the comments, then one query per type among them, stitched by type and id. */
async function handWritten(knex: Knex): Promise<Row[]> {
  const comments: Row[] = await knex('comments').orderBy('id');
  const byType = new Map<string, Set<unknown>>();
  for (const comment of comments) {
    const type = String(comment['commentable_type']);
    const ids = byType.get(type) ?? new Set();
    ids.add(comment['commentable_id']);
    byType.set(type, ids);
  }
  const owners = new Map<string, Row>();
  for (const [type, table] of OWNER_TABLES) {
    const ids = byType.get(type);
    if (!ids) continue;
    for (const owner of (await knex(table).whereIn('id', [...ids] as number[])) as Row[])
      owners.set(`${type}:${String(owner['id'])}`, owner);
  }
  for (const comment of comments) {
    const key = `${String(comment['commentable_type'])}:${String(comment['commentable_id'])}`;
    comment['commentable'] = owners.get(key) ?? null;
  }
  return comments;
}

/** Each comment with its owner's type, id and name (a post's title, a product's name). */
function outcomeOf(result: unknown): unknown {
  return (result as Row[]).map((comment) => {
    const owner = comment['commentable'] as Row | null;
    return [
      Number(comment['id']),
      comment['commentable_type'],
      Number(owner?.['id']),
      owner?.['title'] ?? owner?.['name'] ?? null,
    ];
  });
}

/**
 * `withGraphFetched('commentable')` on `comments` comments of two owner types (the demo's morph
 * map): the layer's one query per type against the same queries written by hand with Knex.
 */
export function polymorphicEager({
  reducedFrom,
  comments,
  owners,
}: {
  comments: number;
  owners: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload({
    name: reducedFrom ? `polymorphic-eager-${comments}` : 'polymorphic-eager',
    reducedFrom,
    load: (ctx) => loadComments(ctx, comments, owners),
    prepare: () => undefined,
    contenders: {
      layer: () => Comment.query().withGraphFetched('commentable').orderBy('id'),
      knex: ({ knex }) => handWritten(knex),
    },
    outcome: (_ctx, result) => outcomeOf(result),
  });
}
