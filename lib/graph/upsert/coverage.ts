import { type AnyQueryBuilder, Model, type ModelClass, type UpsertGraphOptions } from 'objection';
import { relationOf } from '../../objection-internals';
import {
  hasId,
  isHasMany,
  isOneToOne,
  isManyToMany,
  mentionedChildrenOf,
  propsOf,
  singleIdColumnOf,
  singleKeyOf,
} from './graph-nodes';

// The options the set-based upsert understands: the per-path lists the delete policies produce.
const COVERED_OPTIONS = new Set(['unrelate', 'noDelete']);

const STATIC_HOOKS = ['beforeInsert', 'afterInsert', 'beforeUpdate', 'afterUpdate'] as const;

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
  if (!singleIdColumnOf(modelClass)) return `${modelClass.name}'s composite id`;
  const statics = modelClass as unknown as Record<string, unknown>;
  const base = Model as unknown as Record<string, unknown>;
  const hook = STATIC_HOOKS.find((name) => statics[name] !== base[name]);
  return hook ? `${modelClass.name}'s static ${hook} hook` : undefined;
}

function nodeRefusal(node: Model, modelClass: ModelClass<Model>): string | undefined {
  const props = propsOf(node);
  const references = [modelClass.uidProp, modelClass.uidRefProp, modelClass.dbRefProp];
  if (references.some((prop) => props[prop] !== undefined)) return '#id/#ref references';
  const queryProps = props.$$queryProps;
  if (queryProps && Object.keys(queryProps).length > 0) return 'values computed by SQL';
  return undefined;
}

function graphRefusal(modelClass: ModelClass<Model>, nodes: Model[]): string | undefined {
  const refusal =
    modelClassRefusal(modelClass) ??
    nodes.map((node) => nodeRefusal(node, modelClass)).find(Boolean);
  if (refusal) return refusal;
  for (const relation of Object.values(modelClass.getRelations())) {
    const mentioning = nodes.filter((node) => mentionedChildrenOf(node, relation) !== undefined);
    if (mentioning.length === 0) continue;
    const name = `${modelClass.name}.${relation.name}`;
    const isSupportedKind = isHasMany(relation) || isManyToMany(relation);
    if (!isSupportedKind) return `${name}, a BelongsToOne`;
    const keys = [relation.ownerProp, relation.relatedProp];
    if (isManyToMany(relation))
      keys.push(relation.joinTableOwnerProp, relation.joinTableRelatedProp);
    if (keys.some((key) => !singleKeyOf(key))) return `${name}'s composite key`;
    const isList = !isOneToOne(relation);
    if (mentioning.some((node) => Array.isArray(propsOf(node)[relation.name]) !== isList)) {
      return `${name} given as ${isList ? 'an object' : 'an array'}`;
    }
    const children = mentioning.flatMap((node) => mentionedChildrenOf(node, relation) ?? []);
    const extras = (relation as { joinTableExtras?: { aliasProp: string }[] }).joinTableExtras;
    const extraProps = (extras ?? []).map(({ aliasProp }) => aliasProp);
    // Objection patches the join row of an existing child with its extras; left to it.
    const updatesExtras = children.some(
      (child) => hasId(child) && extraProps.some((prop) => propsOf(child)[prop] !== undefined),
    );
    if (updatesExtras) return `${name}'s join-table extras on existing rows`;
    const deeper = graphRefusal(relation.relatedModelClass, children);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * Why the layer's set-based upsert (`upsertSetBased`) cannot carry out this upsert, or undefined
 * when it can. What it leaves to Objection's own upsert, which handles everything:
 * - options other than per-path `unrelate` and `noDelete` lists (`relate`, `insertMissing`,
 *   `noUpdate`, `update`, `noInsert`, `noUnrelate`, `fetchStrategy`, `allowRefs`, boolean values);
 * - `#id`/`#ref`/`#dbRef` references and values computed by SQL (raw, subqueries);
 * - BelongsToOne relations in the graph, composite keys, a relation given in the wrong shape;
 * - join-table extras given on a many-to-many child that already exists (a join-row update);
 * - models with static `beforeInsert`/`afterInsert`/`beforeUpdate`/`afterUpdate` query hooks;
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
