import { Model, type ModelClass, type UpsertGraphOptions } from 'objection';
import { batchesOf } from './insert-batches';
import {
  type InsertableJoinRelation,
  type InsertableRelation,
  type RelationKey,
  insertableRelationOf,
  isRelatedByKey,
} from '../objection/graph-internals';
import { propsOf } from '../objection/model-props';
import { relationFacts, unhandledKind } from '../objection/relation-facts';
import { idColumnOf } from '../objection/query-internals';

/** Before its node is inserted, `from` of `source` (inserted earlier) is copied into `to`. */
export interface KeyCopy {
  readonly source: PlannedNode;
  readonly from: RelationKey;
  readonly to: RelationKey;
}

/** One model of the graph, where it sits in the input, and the keys it takes from others. */
export interface PlannedNode {
  readonly model: Model;
  readonly modelClass: ModelClass<Model>;
  /** Objection's data path (`.products[2]`), the prefix of this node's validation errors. */
  readonly dataPath: string;
  /** The relation this node hangs from in the input, for a node that is not a root. */
  readonly relation?: InsertableRelation;
  readonly keyCopies: KeyCopy[];
  /** The node's position in the plan, in input (depth-first) order. */
  readonly index: number;
}

/** A join-table row between two inserted nodes of a many-to-many relation. */
export interface PlannedJoinRow {
  readonly owner: PlannedNode;
  readonly related: PlannedNode;
  readonly relation: InsertableJoinRelation;
}

export interface InsertPlan {
  /**
   * The nodes in insertion order, in batches of one model class each: a batch only depends on
   * earlier ones, and keeps the input order (Objection's depth-first order) inside.
   */
  readonly batches: PlannedNode[][];
  readonly joinRows: PlannedJoinRow[];
}

// insertGraph options that change nothing for a graph of new nodes without ids or references.
const NEUTRAL_OPTIONS = new Set(['relate', 'noRelate', 'allowRefs']);

class Unplannable extends Error {}

function refuse(): never {
  throw new Unplannable();
}

function hasStaticInsertHooks(modelClass: ModelClass<Model>): boolean {
  return (
    modelClass.beforeInsert !== Model.beforeInsert || modelClass.afterInsert !== Model.afterInsert
  );
}

/** Whether a value holds a `#ref{…}` property reference anywhere inside. */
function holdsReference(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('#ref{');
  if (Array.isArray(value)) return value.some(holdsReference);
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    return Object.values(value).some(holdsReference);
  }
  return false;
}

/** What the planner needs of a model class, looked up once per class and plan. */
interface ClassFacts {
  readonly relations: ReadonlyArray<{ name: string; relation: InsertableRelation }>;
  readonly relationNames: ReadonlySet<string>;
  /** Props that mark `#id`, `#ref` and `#dbRef` references. */
  readonly referenceProps: ReadonlySet<string>;
  /** The property of the (single-column) id. */
  readonly idProp: string;
}

class Planner {
  readonly nodes: PlannedNode[] = [];
  readonly joinRows: PlannedJoinRow[] = [];
  private readonly facts = new Map<ModelClass<Model>, ClassFacts>();

  constructor(private readonly isRelating: boolean) {}

  private factsOf(modelClass: ModelClass<Model>): ClassFacts {
    let facts = this.facts.get(modelClass);
    if (!facts) {
      if (hasStaticInsertHooks(modelClass) || typeof idColumnOf(modelClass) !== 'string') refuse();
      const relations = Object.entries(modelClass.getRelations()).map(([name, relation]) => ({
        name,
        relation: insertableRelationOf(relation),
      }));
      facts = {
        relations,
        relationNames: new Set(relations.map(({ name }) => name)),
        referenceProps: new Set([modelClass.uidProp, modelClass.uidRefProp, modelClass.dbRefProp]),
        idProp: modelClass.columnNameToPropertyName(idColumnOf(modelClass) as string),
      };
      this.facts.set(modelClass, facts);
    }
    return facts;
  }

  // Runs once per node of the graph: no per-node lookups that could be made once per class.
  add(modelClass: ModelClass<Model>, model: unknown, dataPath: string, parent?: Parent): void {
    const facts = this.factsOf(modelClass);
    if (!(model instanceof Model)) refuse();
    const values = propsOf(model);
    const id = values[facts.idProp];
    if (id !== undefined && id !== null) refuse();
    const node: PlannedNode = {
      model,
      modelClass,
      dataPath,
      relation: parent?.relation,
      keyCopies: [],
      index: this.nodes.length,
    };
    if (parent) this.link(parent, node);
    this.nodes.push(node);

    for (const prop of Object.keys(model)) {
      if (facts.relationNames.has(prop)) continue;
      if (facts.referenceProps.has(prop) || holdsReference(values[prop])) refuse();
    }
    for (const { name, relation } of facts.relations) {
      // Own properties only: an unloaded relation is none, and its strict accessor costs a lookup.
      if (!Object.hasOwn(model, name)) continue;
      const related = values[name];
      if (related) this.addRelated(node, name, relation, related);
    }
  }

  private addRelated(
    owner: PlannedNode,
    name: string,
    relation: InsertableRelation,
    related: unknown,
  ) {
    const path = `${owner.dataPath}.${name}`;
    if (relation.isOneToOne()) {
      if (Array.isArray(related)) refuse();
      this.add(relation.relatedModelClass, related, path, { node: owner, relation });
    } else {
      if (!Array.isArray(related)) refuse();
      related.forEach((model: unknown, index) =>
        this.add(relation.relatedModelClass, model, `${path}[${index}]`, { node: owner, relation }),
      );
    }
  }

  private link({ node: owner, relation }: Parent, node: PlannedNode): void {
    if (this.isRelating && isRelatedByKey(relation, node.model)) refuse();
    switch (this.kindOf(relation)) {
      case 'owner-key':
        node.keyCopies.push({ source: owner, from: relation.ownerProp, to: relation.relatedProp });
        break;
      case 'related-key':
        owner.keyCopies.push({ source: node, from: relation.relatedProp, to: relation.ownerProp });
        break;
      case 'join-row':
        this.joinRows.push({ owner, related: node, relation: relation as InsertableJoinRelation });
    }
  }

  private readonly kinds = new Map<InsertableRelation, RelationKind>();

  /** How a relation links its nodes, decided once per relation. */
  private kindOf(relation: InsertableRelation): RelationKind {
    let kind = this.kinds.get(relation);
    if (!kind) {
      kind = linkOf(relation);
      this.kinds.set(relation, kind);
    }
    return kind;
  }
}

/**
 * Which side takes the other's key: a HasMany/HasOne child takes its owner's, a BelongsToOne
 * owner takes its parent's, a ManyToMany pair gets a join row.
 */
type RelationKind = 'owner-key' | 'related-key' | 'join-row';

/** How `relation` links its nodes, or a refusal for a relation this path does not insert. */
function linkOf(relation: InsertableRelation): RelationKind {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'hasMany':
    case 'hasOne':
      refuseIfRequired(relation.relatedModelClass, relation.relatedProp);
      return 'owner-key';
    case 'belongsToOne':
      refuseIfRequired(facts.ownerModelClass, relation.ownerProp);
      return 'related-key';
    case 'manyToMany':
      return 'join-row';
    // A read-only relation is refused before (see read-only-relations). A polymorphic child's type
    // column is set by the relation's `beforeInsert`, which Objection's node-by-node insert runs;
    // a morphTo node is refused before (see morph-writes).
    case 'through':
    case 'recursive':
    case 'morphMany':
    case 'morphOne':
    case 'morphTo':
    case 'unsupported':
      return refuse();
    default:
      return unhandledKind(facts);
  }
}

interface Parent {
  node: PlannedNode;
  relation: InsertableRelation;
}

/**
 * The set-based path validates every node before writing anything, when the foreign keys the
 * graph fills in are still unknown; a schema that requires one of them must see it filled, so
 * such a graph takes Objection's node-by-node path.
 */
function refuseIfRequired(modelClass: ModelClass<Model>, key: RelationKey): void {
  const required = modelClass.jsonSchema?.required;
  if (Array.isArray(required) && key.props.some((prop) => required.includes(prop))) refuse();
}

/**
 * Plans an insertGraph of `roots` as set-based inserts, one batch per relation level and model
 * class; or returns `null` for a graph this path does not handle, which Objection then inserts
 * node by node: nodes with ids (inserted with their id, or related), `#id`/`#ref`/`#dbRef`
 * references, options other than `relate`/`noRelate`/`allowRefs`, static insert hooks, composite
 * ids, and relations other than HasMany, HasOne, BelongsToOne and ManyToMany.
 *
 * @example
 * const plan = planGraphInsert(Shop, shops, {}); // batches: [shops], [their products]
 */
export function planGraphInsert(
  rootClass: ModelClass<Model>,
  roots: readonly Model[],
  options: UpsertGraphOptions,
): InsertPlan | null {
  if (Object.keys(options).some((option) => !NEUTRAL_OPTIONS.has(option))) return null;
  const planner = new Planner(Boolean(options.relate));
  try {
    for (const root of roots) planner.add(rootClass, root, '');
  } catch (error) {
    if (error instanceof Unplannable) return null;
    throw error;
  }
  return { batches: batchesOf(planner.nodes), joinRows: planner.joinRows };
}
