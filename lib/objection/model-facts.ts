import { Model, type ModelClass } from 'objection';
import { idColumnOf, reshapesRowJson, tableNameOf } from './query-internals';

/** The hooks Objection runs when it reads rows of a model, by the name a message gives them. */
export type FindHook = 'static beforeFind' | 'static afterFind' | '$afterFind';

/** The static query hooks Objection runs around a model's writes. */
export type WriteHook = 'beforeInsert' | 'afterInsert' | 'beforeUpdate' | 'afterUpdate';

/** What the layer needs to know of a model class to decide how its queries may run. */
export interface ModelFacts {
  readonly modelClass: ModelClass<Model>;
  /** The table, as Objection reads it (a property, a getter or a static method). */
  readonly tableName: string;
  /** The id's one column, or null for a composite id. */
  readonly idColumn: string | null;
  /** The find hook the model defines, the first of them, or undefined. */
  readonly findHook: FindHook | undefined;
  /**
   * Whether the model overrides `onCreateQuery`, Objection's hook on every query it creates for
   * the model, where a default scope (a tenant filter) lives, or is soft-deletable (its static
   * `softDelete`), which scopes every query to the rows not soft-deleted.
   */
  readonly hasDefaultScope: boolean;
  /** The static write hooks the model defines. */
  readonly writeHooks: readonly WriteHook[];
  /** The query builder class the model's queries are made with. */
  readonly queryBuilderClass: unknown;
  /** Whether Objection reshapes its rows on their way to JSON (column mappers, virtuals, JSON). */
  readonly reshapesRowJson: boolean;
}

// Objection 3.1.5's `onCreateQuery`, which its typings leave out.
interface QueryCreationHook {
  onCreateQuery(builder: unknown): void;
}

function findHookOf(modelClass: ModelClass<Model>): FindHook | undefined {
  if (modelClass.beforeFind !== Model.beforeFind) return 'static beforeFind';
  if (modelClass.afterFind !== Model.afterFind) return 'static afterFind';
  if (modelClass.prototype.$afterFind !== Model.prototype.$afterFind) return '$afterFind';
  return undefined;
}

const WRITE_HOOKS: readonly WriteHook[] = [
  'beforeInsert',
  'afterInsert',
  'beforeUpdate',
  'afterUpdate',
];

function factsFor(modelClass: ModelClass<Model>): ModelFacts {
  const idColumns = [idColumnOf(modelClass)].flat();
  const creation = modelClass as unknown as QueryCreationHook;
  const base = Model as unknown as QueryCreationHook;
  return {
    modelClass,
    tableName: tableNameOf(modelClass),
    idColumn: idColumns.length === 1 ? idColumns[0]! : null,
    findHook: findHookOf(modelClass),
    hasDefaultScope:
      creation.onCreateQuery !== base.onCreateQuery ||
      (modelClass as { softDelete?: unknown }).softDelete !== undefined,
    writeHooks: WRITE_HOOKS.filter((hook) => modelClass[hook] !== Model[hook]),
    queryBuilderClass: modelClass.QueryBuilder,
    reshapesRowJson: reshapesRowJson(modelClass),
  };
}

const factsByClass = new WeakMap<ModelClass<Model>, ModelFacts>();

/**
 * What the layer needs to know of `modelClass`, read once per class: its table and id, its find
 * and write hooks, whether it has a default scope (`onCreateQuery`), its query builder class.
 * A model's statics are its declaration, so they are read once.
 *
 * @example
 * modelFacts(Shop).hasDefaultScope // false
 * modelFacts(Shop).idColumn // 'id'
 */
export function modelFacts(modelClass: ModelClass<Model> | typeof Model): ModelFacts {
  const key = modelClass as ModelClass<Model>;
  let facts = factsByClass.get(key);
  if (!facts) {
    facts = factsFor(key);
    factsByClass.set(key, facts);
  }
  return facts;
}

/**
 * Whether a path that reads rows of `modelClass` with statements of its own, rather than through
 * Objection's query pipeline, reads what Objection would: the model has no find hook (which only
 * the pipeline runs) and no default scope (which only a query Objection creates applies). The one
 * rule every fast path and set-based write asks before it skips Objection for a model.
 *
 * @example
 * mayReadWithoutObjection(Shop) // true
 * mayReadWithoutObjection(TenantShop) // false: its onCreateQuery filters by tenant
 */
export function mayReadWithoutObjection(modelClass: ModelClass<Model> | typeof Model): boolean {
  return readsOnlyThroughObjection(modelClass) === undefined;
}

/**
 * Why rows of `modelClass` must be read through Objection (see `mayReadWithoutObjection`), as a
 * phrase for messages, or undefined when they need not be.
 *
 * @example
 * readsOnlyThroughObjection(TenantShop) // "TenantShop's default scope (onCreateQuery)"
 */
export function readsOnlyThroughObjection(
  modelClass: ModelClass<Model> | typeof Model,
): string | undefined {
  const { findHook, hasDefaultScope } = modelFacts(modelClass);
  if (findHook !== undefined) return `${modelClass.name}'s ${findHook} hook`;
  if (!hasDefaultScope) return undefined;
  if ((modelClass as { softDelete?: unknown }).softDelete !== undefined) {
    return `${modelClass.name}'s soft delete (softDelete)`;
  }
  return `${modelClass.name}'s default scope (onCreateQuery)`;
}
