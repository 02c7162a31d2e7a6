import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass, ModelOptions } from 'objection';
import { chunksOf } from '../../database/chunks';
import { dialectOf } from '../../database/config';
import { isUnchangedValue } from '../../objection/fixes/unchanged-values';
import { validateNode } from '../validate-node';
import { factsOf, propsOf, singleIdColumnOf } from './graph-nodes';
import type { PlannedLevel, PlannedNode } from './upsert-plan';
import { tableNameOf } from '../../objection/query-internals';
import { refuseStaleNode, versionOf, versionValueOf } from '../../versions/version-column';

/** An existing node with changes, and the options its update hooks get (as Objection's patch). */
interface ChangedNode extends PlannedNode {
  current: Model;
  hookOptions: ModelOptions;
}

/**
 * The properties of `node` whose value differs from the row's, as Objection's upsert decides it:
 * every own property but relations and internal ones, a property the row lacks counting as
 * changed, the id never.
 */
function changedProps(node: Model, current: Model): { changed: string[]; unchanged: string[] } {
  const { relationNames, idProp } = factsOf(node.constructor as ModelClass<Model>);
  const given = propsOf(node);
  const before = propsOf(current);
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const prop of Object.keys(given)) {
    if (prop[0] === '$' || relationNames.has(prop)) continue;
    const isChanged = before[prop] === undefined || !isUnchangedValue(before[prop], given[prop]);
    (isChanged && prop !== idProp ? changed : unchanged).push(prop);
  }
  return { changed, unchanged };
}

/** Whether any given property of `node` but its id differs from the row's (see `changedProps`). */
function hasChanges(node: Model, current: Model): boolean {
  const { relationNames, idProp } = factsOf(node.constructor as ModelClass<Model>);
  const given = propsOf(node);
  const before = propsOf(current);
  for (const prop of Object.keys(given)) {
    if (prop[0] === '$' || prop === idProp || relationNames.has(prop)) continue;
    if (before[prop] === undefined || !isUnchangedValue(before[prop], given[prop])) return true;
  }
  return false;
}

/**
 * The existing nodes of `levels` whose given properties changed, each validated as a patch (no
 * required properties) under its data path. Unchanged nodes are neither validated nor written,
 * as with Objection. A node of a versioned model that names a version its row no longer has
 * refuses the whole upsert (`StaleVersionError`): the rows were read locked, in the upsert's
 * transaction, so the comparison holds until it commits. Call it before writing anything: it
 * throws on the first invalid or stale node.
 */
export function changedNodesOf(levels: readonly PlannedLevel[]): ChangedNode[] {
  const changed: ChangedNode[] = [];
  for (const level of levels) {
    const version = versionOf(level.modelClass);
    for (const planned of level.existing) {
      const current = planned.current!;
      if (version) refuseStaleNode(level.modelClass, version, planned.node, current);
      if (!hasChanges(planned.node, current)) continue;
      validateNode(planned.node, { patch: true, dataPath: planned.dataPath });
      changed.push({
        node: planned.node,
        dataPath: planned.dataPath,
        current,
        hookOptions: { patch: true, old: planned.node },
      });
    }
  }
  return changed;
}

interface RowUpdate {
  id: unknown;
  values: Record<string, unknown>;
}

/**
 * `UPDATE t SET a = CASE id WHEN ? THEN ? … ELSE a END, … WHERE id IN (…)`: one statement for
 * many rows that set the same columns to different values. The `ELSE` branch keeps untouched rows
 * as they are and gives PostgreSQL the column's type for the bound values.
 */
async function updateRows(
  knex: Knex,
  table: string,
  idColumn: string,
  columns: readonly string[],
  updates: readonly RowUpdate[],
): Promise<void> {
  const bindingsPerRow = 2 * columns.length + 1;
  const rowsPerStatement = Math.max(1, Math.floor(dialectOf(knex).maxBindings / bindingsPerRow));
  for (const chunk of chunksOf(updates, rowsPerStatement)) {
    const whens = chunk.map(() => 'when ? then ?').join(' ');
    const sets = columns.map(() => `?? = case ?? ${whens} else ?? end`).join(', ');
    const bindings: unknown[] = [table];
    for (const column of columns) {
      bindings.push(column, idColumn);
      for (const { id, values } of chunk) bindings.push(id, values[column] ?? null);
      bindings.push(column);
    }
    bindings.push(idColumn, ...chunk.map(({ id }) => id));
    const ids = chunk.map(() => '?').join(', ');
    await knex.raw(`update ?? set ${sets} where ?? in (${ids})`, bindings as Knex.RawBinding[]);
  }
}

/** A changed node of a versioned model gets the version after its row's. */
function setNextVersion(node: Model, current: Model): void {
  const version = versionOf(node.constructor as ModelClass<Model>);
  if (!version) return;
  propsOf(node)[version.prop] = Number(versionValueOf(current, version.prop) ?? 0) + 1;
}

/**
 * Writes the changed nodes set-based: the next version on each of a versioned model,
 * `$beforeUpdate` on each (timestamps), then the columns
 * that still differ, one CASE update per model and set of changed columns (split only past the
 * bound-parameter limit), then `$afterUpdate` on each.
 */
export async function updateChangedNodes(
  builder: AnyQueryBuilder,
  nodes: readonly ChangedNode[],
): Promise<void> {
  const context = builder.context();
  for (const { node, current } of nodes) setNextVersion(node, current);
  for (const { node, hookOptions } of nodes) await node.$beforeUpdate(hookOptions, context);
  // Per model and column list; a row the graph names twice (a tag under two posts) gets the
  // values of its last node, as with Objection's one update per node.
  const groups = new Map<
    string,
    { modelClass: ModelClass<Model>; updates: Map<string, RowUpdate> }
  >();
  for (const { node, current } of nodes) {
    const { changed, unchanged } = changedProps(node, current);
    if (changed.length === 0) continue;
    // Only the changed columns reach the database, as in Objection's upsert.
    node.$omitFromDatabaseJson(unchanged);
    const values = node.$toDatabaseJson();
    const modelClass = node.constructor as ModelClass<Model>;
    const key = `${tableNameOf(modelClass)}:${Object.keys(values).sort().join(',')}`;
    const group = groups.get(key) ?? { modelClass, updates: new Map<string, RowUpdate>() };
    group.updates.set(String(node.$id()), { id: node.$id(), values });
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const { modelClass } = group;
    const updates = [...group.updates.values()];
    const columns = Object.keys(updates[0]!.values).sort();
    const idColumn = singleIdColumnOf(modelClass)!;
    await updateRows(builder.knex(), tableNameOf(modelClass), idColumn, columns, updates);
  }
  for (const { node, hookOptions } of nodes) await node.$afterUpdate(hookOptions, context);
}
