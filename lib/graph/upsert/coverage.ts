import {
  type AnyQueryBuilder,
  Model,
  type ModelClass,
  type Relation,
  type UpsertGraphOptions,
} from 'objection';
import { relationOf } from '../../objection/query-internals';
import { type RelationFacts, relationFacts, unhandledKind } from '../../objection/relation-facts';
import { modelFacts, readsOnlyThroughObjection } from '../../objection/model-facts';
import { factsOf, hasId, propsOf } from './graph-nodes';

// The options the set-based upsert understands: the per-path lists the delete policies produce.
const COVERED_OPTIONS = new Set(['unrelate', 'noDelete']);

function optionsRefusal(options: UpsertGraphOptions): string | undefined {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!COVERED_OPTIONS.has(name)) return `option ${name}`;
    if (!Array.isArray(value)) return `option ${name}: ${String(value)}`;
  }
  return undefined;
}

function builderRefusal(builder: AnyQueryBuilder): string | undefined {
  if (builder.has(/where/) || relationOf(builder)) return 'a filtered or related query';
  if (builder.has(/^for(Update|Share|NoKeyUpdate|KeyShare)$/)) return 'a locking read';
  return undefined;
}

function modelClassRefusal(modelClass: ModelClass<Model>): string | undefined {
  const { idColumn, writeHooks } = modelFacts(modelClass);
  if (idColumn === null) return `${modelClass.name}'s composite id`;
  const [hook] = writeHooks;
  if (hook) return `${modelClass.name}'s static ${hook} hook`;
  // The current graph is read with plain statements, which apply no find hook or default scope.
  return readsOnlyThroughObjection(modelClass);
}

function nodesRefusal(nodes: readonly Model[], modelClass: ModelClass<Model>): string | undefined {
  const { uidProp, uidRefProp, dbRefProp } = modelClass;
  for (const node of nodes) {
    const props = propsOf(node);
    if (props[uidProp] !== undefined || props[uidRefProp] !== undefined) {
      return '#id/#ref references';
    }
    if (props[dbRefProp] !== undefined) return '#id/#ref references';
    const queryProps = props.$$queryProps;
    if (queryProps && Object.keys(queryProps).length > 0) return 'values computed by SQL';
  }
  return undefined;
}

/**
 * The children `nodes` hold under `relation`, undefined when no node mentions it, or why the
 * set-based upsert cannot take them (a list given as an object, or the other way round).
 */
function childrenOf(nodes: readonly Model[], relation: Relation): Model[] | string | undefined {
  const isList = relationFacts(relation).isToMany;
  let children: Model[] | undefined;
  for (const node of nodes) {
    if (!Object.hasOwn(node, relation.name)) continue;
    const value = propsOf(node)[relation.name];
    if (value === undefined) continue;
    if (Array.isArray(value) !== isList) {
      const name = `${relation.ownerModelClass.name}.${relation.name}`;
      return `${name} given as ${isList ? 'an object' : 'an array'}`;
    }
    children ??= [];
    for (const child of isList ? (value as unknown[]) : [value]) {
      // Objection refuses the graph (InvalidGraph); its upsert says so.
      if (!(child instanceof Model)) {
        if (child === null && !isList) continue;
        return `${relation.ownerModelClass.name}.${relation.name} holds a value that is not a model`;
      }
      children.push(child);
    }
  }
  return children;
}

/** Why the keys or the mapping of `facts` keep the set-based upsert out, if they do. */
function keysRefusal(facts: RelationFacts, joinKeys: readonly unknown[] = []): string | undefined {
  const keys = [facts.ownerKey, facts.relatedKey, ...joinKeys];
  if (keys.some((key) => key === null)) return `${facts.qualifiedName}'s composite key`;
  // A mapping's `modify`/`filter` narrows the current children; Objection's read applies it.
  return facts.hasModifier ? `${facts.qualifiedName}'s modify/filter` : undefined;
}

function relationRefusal(relation: Relation, children: readonly Model[]): string | undefined {
  const facts = relationFacts(relation);
  const name = facts.qualifiedName;
  switch (facts.kind) {
    case 'belongsToOne':
      return `${name}, a BelongsToOne`;
    case 'unsupported':
      return `${name}, a ${facts.className}`;
    case 'through':
    case 'recursive':
      return `${name}, a read-only ${facts.kind} relation`;
    // Objection's upsert reads the current children through the relation's type condition.
    case 'morphMany':
    case 'morphOne':
    case 'morphTo':
      return `${name}, a polymorphic relation`;
    case 'hasMany':
    case 'hasOne':
      return keysRefusal(facts);
    case 'manyToMany': {
      const refusal = keysRefusal(facts, [facts.joinTableOwnerKey, facts.joinTableRelatedKey]);
      if (refusal) return refusal;
      const extraProps = facts.extras.map(({ property }) => property);
      // Objection patches the join row of an existing child with its extras; left to it.
      const updatesExtras =
        extraProps.length > 0 &&
        children.some(
          (child) => hasId(child) && extraProps.some((prop) => propsOf(child)[prop] !== undefined),
        );
      return updatesExtras ? `${name}'s join-table extras on existing rows` : undefined;
    }
    default:
      return unhandledKind(facts);
  }
}

function graphRefusal(modelClass: ModelClass<Model>, nodes: readonly Model[]): string | undefined {
  const refusal = modelClassRefusal(modelClass) ?? nodesRefusal(nodes, modelClass);
  if (refusal) return refusal;
  for (const relation of factsOf(modelClass).relations) {
    const children = childrenOf(nodes, relation);
    if (children === undefined) continue;
    if (typeof children === 'string') return children;
    const refused =
      relationRefusal(relation, children) ?? graphRefusal(relation.relatedModelClass, children);
    if (refused) return refused;
  }
  return undefined;
}

/**
 * Why the layer's set-based upsert (`upsertSetBased`) cannot carry out this upsert, or undefined
 * when it can. What it leaves to Objection's own upsert, which handles everything:
 * - options other than per-path `unrelate` and `noDelete` lists (`relate`, `insertMissing`,
 *   `noUpdate`, `update`, `noInsert`, `noUnrelate`, `fetchStrategy`, `allowRefs`, boolean values);
 * - `#id`/`#ref`/`#dbRef` references and values computed by SQL (raw, subqueries);
 * - BelongsToOne relations in the graph, composite keys, a relation given in the wrong shape or
 *   holding values that are not models, relations whose mapping has a `modify`/`filter`;
 * - join-table extras given on a many-to-many child that already exists (a join-row update);
 * - models with static `beforeInsert`/`afterInsert`/`beforeUpdate`/`afterUpdate` query hooks,
 *   or with find hooks (static `beforeFind`/`afterFind`, `$afterFind`), which the set-based
 *   read of the current graph does not run;
 * - an upsert builder with `where`, `$relatedQuery` or locking calls.
 */
export function setBasedUpsertRefusal(
  builder: AnyQueryBuilder,
  objects: Model[],
  options: UpsertGraphOptions,
): string | undefined {
  return (
    optionsRefusal(options) ??
    builderRefusal(builder) ??
    graphRefusal(builder.modelClass(), objects)
  );
}
