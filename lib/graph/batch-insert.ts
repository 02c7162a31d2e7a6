import type { Knex } from 'knex';
import type { Model, ModelClass, QueryBuilder, QueryContext } from 'objection';
import { dialectOf } from '../database/config';
import type { InsertLimits } from '../database/dialect';
import { type InsertPlan, type PlannedNode, planGraphInsert } from './insert-plan';
import { chunkRows, insertReturningIds } from './insert-rows';
import { refuseMissingRelatedTargets } from './related-targets';
import { validateNode } from './validate-node';
import { hasCompleteId, joinRowOf, omitJoinTableExtras } from '../objection/graph-internals';
import {
  type GraphRunReplacement,
  type GraphWrite,
  replaceGraphRun,
} from '../objection/graph-write';
import { allowedGraphOf } from '../objection/query-internals';
import { idColumnOf, tableNameOf } from '../objection/query-internals';

type Builder = QueryBuilder<Model, unknown>;
type Row = Record<string, unknown>;

/** Calls `hook` on every item and waits only for the calls that returned a promise. */
async function callEach<T>(items: readonly T[], hook: (item: T) => unknown): Promise<void> {
  const pending: unknown[] = [];
  for (const item of items) {
    const returned = hook(item) as { then?: unknown } | undefined;
    if (typeof returned?.then === 'function') pending.push(returned);
  }
  if (pending.length > 0) await Promise.all(pending);
}

interface Insertion {
  readonly builder: Builder;
  readonly knex: Knex;
  readonly context: QueryContext;
  readonly limits: InsertLimits;
}

function limitsOf(knex: Knex): InsertLimits | null {
  try {
    return dialectOf(knex).insertLimits;
  } catch {
    return null;
  }
}

function databaseJsonOf(model: Model, builder: Builder): Row {
  return (model.$toDatabaseJson as (builder: Builder) => Row).call(model, builder);
}

function copyKeys(node: PlannedNode): void {
  for (const { source, from, to } of node.keyCopies) {
    to.props.forEach((_, index) =>
      to.setProp(node.model, index, from.getProp(source.model, index)),
    );
  }
}

/** Inserts one batch (one model class) with multi-row inserts, and gives each node its id. */
async function insertBatch(insertion: Insertion, nodes: PlannedNode[]): Promise<void> {
  const { builder, knex, context, limits } = insertion;
  const { modelClass } = nodes[0]!;
  for (const node of nodes) {
    copyKeys(node);
    if (node.relation) omitJoinTableExtras(node.relation, [node.model]);
  }
  await callEach(nodes, (node) => node.relation?.beforeInsert(node.model, context));
  await callEach(nodes, (node) => node.model.$beforeInsert(context));
  const rows = nodes.map((node) => databaseJsonOf(node.model, builder));

  for (const [start, end] of chunkRows(rows, limits)) {
    const models = nodes.slice(start, end).map((node) => node.model);
    const known = new Set(models.filter(hasCompleteId).map((model) => model.$id()));
    const ids = await insertReturningIds(
      knex,
      modelClass,
      rows.slice(start, end),
      idColumnOf(modelClass) as string,
      known,
    );
    const unnumbered = models.filter((model) => !hasCompleteId(model));
    if (ids.length !== unnumbered.length) {
      throw new Error(`${modelClass.name}: ${unnumbered.length} rows inserted, ${ids.length} ids`);
    }
    unnumbered.forEach((model, index) => model.$id(ids[index]));
    await callEach(models, (model) => model.$afterInsert(context));
  }
}

/** Inserts the join rows of the many-to-many nodes, extras included, one table at a time. */
async function insertJoinRows(insertion: Insertion, plan: InsertPlan): Promise<void> {
  const { builder, knex, context, limits } = insertion;
  const byTable = new Map<string, Model[]>();
  for (const { owner, related, relation } of plan.joinRows) {
    const joinModel = await joinRowOf(relation, knex, owner.model, related.model, context);
    const table = tableNameOf(joinModel.constructor as ModelClass<Model>);
    const models = byTable.get(table);
    if (models) models.push(joinModel);
    else byTable.set(table, [joinModel]);
  }
  for (const [table, models] of byTable) {
    await callEach(models, (model) => model.$beforeInsert(context));
    const rows = models.map((model) => databaseJsonOf(model, builder));
    for (const [start, end] of chunkRows(rows, limits)) {
      await knex(table).insert(rows.slice(start, end));
    }
    await callEach(models, (model) => model.$afterInsert(context));
  }
}

function validate(node: PlannedNode): void {
  validateNode(node.model, { dataPath: node.dataPath });
}

function planOf(builder: Builder, write: GraphWrite): InsertPlan | null {
  if (builder.has(/^returning$/)) return null;
  if (allowedGraphOf(builder)) return null;
  return planGraphInsert(builder.modelClass(), write.objects, write.options());
}

const runSetBased: GraphRunReplacement = async (executing, write, objectionRun) => {
  const builder = executing as Builder;
  const knex = builder.knex();
  const limits = limitsOf(knex);
  const plan = limits && planOf(builder, write);
  if (!limits || !plan) {
    // Only Objection's path relates nodes named by id (the set-based one inserts new nodes).
    await refuseMissingRelatedTargets(builder, write.objects, write.options());
    return objectionRun(builder);
  }

  // Everything is validated before the first row is written.
  plan.batches.forEach((batch) => batch.forEach(validate));
  const insertion: Insertion = { builder, knex, context: builder.context(), limits };
  for (const batch of plan.batches) await insertBatch(insertion, batch);
  await insertJoinRows(insertion, plan);
  return write.objects;
};

/**
 * Makes `insertGraph` and `insertGraphAndFetch` of a query-builder class write the graph set by
 * set: every node is validated first, then each relation level is inserted with multi-row
 * `INSERT … RETURNING` statements within the dialect's limits, the returned ids are handed back
 * to the nodes in input order, and the join rows of many-to-many relations follow in the same
 * way. Hooks (`$beforeInsert`, `$afterInsert`, relation `beforeInsert`) run as in Objection, and
 * the returned graph is the one Objection returns. Graphs this path does not handle (see
 * `planGraphInsert`), `returning(…)` and `allowGraph(…)` take Objection's node-by-node path, once
 * every id they relate is known to exist (`refuseMissingRelatedTargets`).
 * Atomicity comes from the caller: the layer runs every graph write in a transaction.
 *
 * @example
 * useSetBasedGraphInserts(LayerQueryBuilder.prototype);
 * await Shop.query().insertGraph(shops); // 2 INSERTs, however many shops and products
 */
export function useSetBasedGraphInserts(prototype: object): void {
  for (const method of ['insertGraph', 'insertGraphAndFetch'] as const) {
    const objectionMethod = Reflect.get(prototype, method) as (...args: unknown[]) => Builder;
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value(this: Builder, ...args: unknown[]) {
        const builder = objectionMethod.apply(this, args);
        if (!replaceGraphRun(builder, runSetBased)) {
          throw new Error('insertGraph: Objection 3.1.5 internals expected, found another shape');
        }
        return builder;
      },
    });
  }
}
