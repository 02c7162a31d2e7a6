import type { Knex } from 'knex';
import type { AnyQueryBuilder, Relation } from 'objection';
import { dialectOf } from '../database/config';
import { InvalidRelationError } from '../errors';
import { idColumnOf } from '../objection/query-internals';
import { joinTableExtrasOf, relationFacts, unhandledKind } from '../objection/relation-facts';
import { relationQueryOf } from '../objection/query-relation';

/** The order of one `orderBy` column of `limitPerParent`. */
export type SortDirection = 'asc' | 'desc';

/** How `limitPerParent` ranks each parent's related rows. */
export interface LimitPerParentOptions {
  /**
   * How each parent's rows are ranked, as `[column, direction]` pairs (direction `asc` unless
   * given). Columns without a table are the related model's, or a many-to-many relation's
   * join-table extras (`quantity`). NULLs rank last on every database and the related model's id
   * breaks ties, so the same rows come back from SQLite and PostgreSQL.
   */
  orderBy?: ReadonlyArray<readonly [column: string, direction?: SortDirection]>;
}

// Lowercase without underscores, so that no column-name mapper renames it on the way back.
const RANK_COLUMN = 'layerparentrank';

// Everything but the table moves into the ranked subquery.
const CLEARED_STATEMENTS = [
  'with',
  'select',
  'join',
  'where',
  'union',
  'group',
  'having',
  'order',
  'limit',
  'offset',
] as const;

interface Ranking {
  limit: number;
  tableRef: string;
  partitionBy: string[];
  orderBy: Array<{ column: string; direction: SortDirection }>;
}

/** A column of the ranking as the relation query can see it: `table.column`. */
function qualified(query: AnyQueryBuilder, relation: Relation, column: string): string {
  if (column.includes('.')) return column;
  const extra = joinTableExtrasOf(relation).find(({ alias }) => alias === column);
  if (extra) return `${query.tableRefFor(relation.joinModelClass)}.${extra.column}`;
  return `${query.tableRefFor(relation.relatedModelClass)}.${column}`;
}

/** The columns that say which parent a related row belongs to. */
function partitionColumns(query: AnyQueryBuilder, relation: Relation): string[] {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'manyToMany': {
      // A row may belong to several parents; the join table says which.
      const joinTableRef = query.tableRefFor(relation.joinModelClass);
      return relation.joinTableOwnerProp.cols.map((column) => `${joinTableRef}.${column}`);
    }
    case 'hasMany':
    case 'hasOne':
    case 'belongsToOne': {
      const tableRef = query.tableRefFor(facts.relatedModelClass);
      return relation.relatedProp.cols.map((column) => `${tableRef}.${column}`);
    }
    case 'through':
      return [facts.path.ownerKeyColumn];
    case 'recursive':
      throw new InvalidRelationError(
        `limitPerParent cannot rank the rows of ${facts.qualifiedName}, a recursive relation: ` +
          'use its maxDepth',
      );
    case 'morphMany':
    case 'morphOne': {
      // The type condition is the relation's filter; the id column says which owner.
      const tableRef = query.tableRefFor(facts.relatedModelClass);
      return [`${tableRef}.${facts.idColumn}`];
    }
    case 'morphTo':
      throw new InvalidRelationError(
        `limitPerParent cannot rank the targets of ${facts.qualifiedName}, a morphTo: each ` +
          'owner has one target',
      );
    case 'unsupported':
      throw new InvalidRelationError(
        `limitPerParent cannot rank the rows of ${facts.qualifiedName}, a ${facts.className}`,
      );
    default:
      return unhandledKind(facts);
  }
}

function rankingOf(
  query: AnyQueryBuilder,
  relation: Relation,
  limit: number,
  options: LimitPerParentOptions,
): Ranking {
  const orderBy = (options.orderBy ?? []).map(([column, direction = 'asc']) => ({
    column: qualified(query, relation, column),
    direction,
  }));
  for (const id of [idColumnOf(relation.relatedModelClass)].flat()) {
    const column = qualified(query, relation, id);
    if (!orderBy.some((order) => order.column === column)) {
      orderBy.push({ column, direction: 'asc' });
    }
  }
  const tableRef = query.tableRefFor(relation.relatedModelClass);
  return { limit, tableRef, partitionBy: partitionColumns(query, relation), orderBy };
}

/**
 * Turns the finished relation query into `select t.* from (<it>, row_number() over (partition by
 * <parent key> order by …)) as t where rank <= limit`, in place. It has to wait for knex's
 * `start` event: Objection adds the table and the default selection after every build hook.
 */
function rankWithin(knexQuery: Knex.QueryBuilder, knex: Knex, ranking: Ranking): void {
  const { limit, tableRef, partitionBy, orderBy } = ranking;
  const partition = partitionBy.map(() => '??').join(', ');
  const dialect = dialectOf(knex);
  const order = orderBy.map(({ direction }) => dialect.orderNullsLast(direction)).join(', ');
  const rank = knex.raw(`row_number() over (partition by ${partition} order by ${order}) as ??`, [
    ...partitionBy,
    ...orderBy.map(({ column }) => column),
    RANK_COLUMN,
  ]);
  const ranked = knexQuery.clone().select(rank);

  for (const statement of CLEARED_STATEMENTS) knexQuery.clear(statement);
  knexQuery
    .select(`${tableRef}.*`)
    .from(ranked.as(tableRef))
    .where(`${tableRef}.${RANK_COLUMN}`, '<=', limit)
    .orderBy(`${tableRef}.${RANK_COLUMN}`);
}

function dropRank(result: unknown): unknown {
  for (const row of [result].flat()) {
    if (typeof row === 'object' && row !== null) {
      delete (row as Record<string, unknown>)[RANK_COLUMN];
    }
  }
  return result;
}

/**
 * A modifier that keeps, for every parent, its first `limit` related rows in `orderBy` order: one
 * query per relation level however many parents, with `ROW_NUMBER() OVER (PARTITION BY …)`.
 * Objection's own `limit` in `modifyGraph` limits the rows of all parents together instead.
 *
 * It works wherever a query runs through a relation on its own: `withGraphFetched` (HasMany,
 * HasOne, ManyToMany with its extras, at any depth), `$relatedQuery`, `relatedQuery().for()`.
 * Within each parent the rows come back in ranking order. With `withGraphJoined`, or on a query
 * that is not through a relation, it fails with an `InvalidRelationError`.
 *
 * @example
 * const shops = await Shop.query()
 *   .withGraphFetched('products(top3)')
 *   .modifiers({ top3: limitPerParent(3, { orderBy: [['price', 'desc']] }) });
 */
export function limitPerParent(
  limit: number,
  options: LimitPerParentOptions = {},
): (query: AnyQueryBuilder) => void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limitPerParent needs a positive whole number, not ${limit}`);
  }
  for (const [column, direction = 'asc'] of options.orderBy ?? []) {
    if (direction !== 'asc' && direction !== 'desc') {
      throw new RangeError(`limitPerParent orders "${column}" by asc or desc, not "${direction}"`);
    }
  }

  return (query) => {
    query
      .onBuildKnex((knexQuery, builder) => {
        const through = relationQueryOf(builder);
        if (!through?.isStandalone) {
          throw new InvalidRelationError(
            `limitPerParent(${limit}) needs a query through a relation, loaded with ` +
              `withGraphFetched or $relatedQuery; this ${builder.modelClass().name} query is not ` +
              'one (withGraphJoined cannot limit per parent)',
          );
        }
        const ranking = rankingOf(builder, through.relation, limit, options);
        knexQuery.on('start', () => rankWithin(knexQuery, builder.knex(), ranking));
      })
      .runAfter(dropRank);
  };
}
