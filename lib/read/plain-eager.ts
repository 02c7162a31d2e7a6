import type { Model, ModelClass } from 'objection';
import { loadLevels } from './fetched-graph';
import {
  type ExpressionNode,
  childNodesOf,
  contextBuildHooksOf,
  fetchedGraphOf,
  isJoinedAsTable,
  sharedContextOf,
} from '../objection/eager-internals';
import { mayReadWithoutObjection, modelFacts } from '../objection/model-facts';
import { type RelationFacts, relationFacts, unhandledKind } from '../objection/relation-facts';
import { type Builder, asBuilder, isPlainRead, runBuiltQuery, toModels } from './plain-read';

/** Whether Objection's query of `modelClass` for a relation is just its table, as the loader's. */
function queriesPlainly(modelClass: ModelClass<Model>, builderClass: unknown): boolean {
  return (
    modelFacts(modelClass).queryBuilderClass === builderClass && mayReadWithoutObjection(modelClass)
  );
}

/**
 * Whether Objection loads `relation` with nothing but the statement `relationQuery` writes: one
 * of the four kinds, one-column keys, no `modify`/`filter` on the mapping or its join table, a
 * related model whose queries are `builderClass`'s with no find hooks and no `onCreateQuery`, and
 * a join table Objection joins as a table, not as a subquery.
 */
function isPlainRelation(facts: RelationFacts, builderClass: unknown): boolean {
  if (facts.hasModifier || facts.ownerKey === null || facts.relatedKey === null) return false;
  if (!queriesPlainly(facts.relatedModelClass, builderClass)) return false;
  switch (facts.kind) {
    case 'hasMany':
    case 'hasOne':
    case 'belongsToOne':
      return true;
    case 'manyToMany':
      return (
        !facts.hasJoinTableModifier &&
        facts.joinTableOwnerKey !== null &&
        facts.joinTableRelatedKey !== null &&
        isJoinedAsTable(facts.relation.joinTableOwnerProp.modelClass as ModelClass<Model>)
      );
    // Objection loads them: the type condition is a `filter`, and a morphTo reads each type's
    // targets through their own model's query (lib/objection/morph-relations.ts).
    case 'morphMany':
    case 'morphOne':
    case 'morphTo':
    case 'unsupported':
      return false;
    default:
      return unhandledKind(facts);
  }
}

/** Whether every relation below `node` is named plainly: no modifier, alias or recursion. */
function isPlainExpression(
  node: ExpressionNode,
  modelClass: ModelClass<Model>,
  builderClass: unknown,
): boolean {
  if (node.$recursive || node.$allRecursive) return false;
  const relations = modelClass.getRelations();
  return childNodesOf(node).every((child) => {
    const relation = relations[child.$relation];
    if (relation === undefined) return false;
    const facts = relationFacts(relation);
    return (
      child.$modify.length === 0 &&
      child.$name === child.$relation &&
      isPlainRelation(facts, builderClass) &&
      isPlainExpression(child, facts.relatedModelClass, builderClass)
    );
  });
}

/** Whether `builder` shares nothing with its relation queries that would change how they build. */
function hasPlainSharedContext(builder: Builder): boolean {
  const shared = sharedContextOf(builder);
  const userHooks = contextBuildHooksOf(builder);
  return (
    shared.onBuild.length === 0 &&
    (userHooks === undefined || (Array.isArray(userHooks) && userHooks.length === 0)) &&
    shared.tableMap === null &&
    shared.aliasMap === null &&
    !shared.options.schema &&
    !shared.options.debug &&
    !shared.options.keepImplicitJoinProps
  );
}

/**
 * Whether `builder` is a plain read with a plain `withGraphFetched` (or `withGraph`): the read
 * itself only builds SQL (see `isPlainRead`) and selects whole rows; its relation expression
 * names relations of the four kinds with one-column keys, without modifiers (`modifyGraph`
 * included), aliases or recursion, on models whose queries are `builderClass`'s, without find
 * hooks; no `skipFetched` (`maxBatchSize` is honoured, the other graph options only concern
 * `withGraphJoined`); and nothing shared with the relation queries (`withSchema`, `alias`,
 * `context({ onBuild })`, …). Objection then runs, for each relation level, one statement per
 * batch of parents and turns its rows into models assigned to their parents, which
 * `runPlainEager` does without its pipeline. Anything else is left to Objection.
 *
 * @example
 * isPlainEager(User.query().withGraphFetched('posts.tags'), LayerQueryBuilder) // true
 * isPlainEager(Shop.query().withGraphFetched('products(cheap)'), LayerQueryBuilder) // false
 */
export function isPlainEager(query: object, builderClass: unknown): boolean {
  const builder = asBuilder(query);
  const eager = fetchedGraphOf(builder);
  if (!eager || eager.modifiersAtPath.length > 0 || eager.graphOptions?.skipFetched) return false;
  // Selected columns would make Objection add the parents' keys and omit them afterwards.
  if (builder.hasSelects() || !hasPlainSharedContext(builder)) return false;
  return (
    isPlainRead(builder, (operation) => operation === eager) &&
    isPlainExpression(
      eager.expression.node,
      builder.modelClass() as ModelClass<Model>,
      builderClass,
    )
  );
}

/**
 * Runs a plain eager read (see `isPlainEager`): the query as Objection builds it, then each
 * relation level with the statements Objection would send, level by level in its order and
 * batches; the rows
 * become models and are assigned to their parents as Objection does, with the same
 * loaded-relation marks (`[]` for an empty to-many, `null` for a missing to-one). Objection's
 * pipeline around each query (a relation query builder, promise hops, hooks looked up per
 * operation, after-find calls per model) is what this saves.
 *
 * @example
 * if (isPlainEager(builder, LayerQueryBuilder)) return runPlainEager(builder);
 */
export async function runPlainEager(query: object): Promise<unknown> {
  const builder = asBuilder(query);
  const eager = fetchedGraphOf(builder)!;
  const modelClass = builder.modelClass() as ModelClass<Model>;
  const rows = await runBuiltQuery(builder);
  if (!Array.isArray(rows)) return rows;
  toModels(rows, modelClass);
  const load = {
    knex: sharedContextOf(builder).knex,
    defaultBatchSize: eager.batchSize.bind(eager),
  };
  await loadLevels(load, eager.graphOptions, rows, modelClass, eager.expression.node);
  // As Objection's `first`: the relations are loaded for every row read, then the first is kept.
  return builder.has('first') ? rows[0] : rows;
}
