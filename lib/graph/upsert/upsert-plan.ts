import type { AnyQueryBuilder, Model, ModelClass, Relation } from 'objection';
import { ChildNotFoundError, NotFoundError } from '../../errors';
import { currentChildrenOf } from './current-rows';
import { factsOf, idOf, coveredKeysOf, keyOf, mentionedChildrenOf, propsOf } from './graph-nodes';
import { relationFacts } from '../../objection/relation-facts';

/** A node of the new graph, with where it sits in the input (Objection's data path). */
export interface PlannedNode {
  node: Model;
  /** `.products[2]`: the path validation errors are reported under. */
  dataPath: string;
  /** The node it hangs under, for the foreign key or join row of an inserted node. */
  parent?: Model;
  /** The row as it is in the database, for a node that exists. */
  current?: Model;
}

/** What the upsert does for one relation path (or the roots, path ''): set-based, per level. */
export interface PlannedLevel {
  path: string;
  modelClass: ModelClass<Model>;
  /** The relation the level hangs under; undefined for the roots. */
  relation?: Relation;
  inserted: PlannedNode[];
  /** Existing rows the new graph names: updated if their given properties changed. */
  existing: PlannedNode[];
  /** The current children no node of the new graph names, with the parent they hang under. */
  missing: { row: Model; parent: Model }[];
}

/** A node of the new graph and its current row, if it exists. */
interface Pair {
  input: Model;
  current?: Model;
  dataPath: string;
}

/** A data path as errors show it: `products[2]` for Objection's `.products[2]`. */
function pathOfNode(dataPath: string): string {
  return dataPath.startsWith('.') ? dataPath.slice(1) : dataPath;
}

function notFound(level: PlannedLevel, planned: PlannedNode): Error {
  const model = (planned.node.constructor as ModelClass<Model>).name;
  const id = idOf(planned.node);
  const { parent } = planned;
  if (!parent) return new NotFoundError(model, id);
  return new ChildNotFoundError(model, id, {
    relation: level.path,
    path: pathOfNode(planned.dataPath),
    parent: { model: (parent.constructor as ModelClass<Model>).name, id: idOf(parent) },
  });
}

/** Puts `planned` among the level's new nodes, or its existing ones (refusing an unknown id). */
function placeNode(
  level: PlannedLevel,
  planned: PlannedNode,
  currentById: ReadonlyMap<string, Model>,
): Pair {
  const id = idOf(planned.node);
  if (id === undefined) {
    level.inserted.push(planned);
    return { input: planned.node, dataPath: planned.dataPath };
  }
  const current = currentById.get(keyOf(id));
  if (!current) throw notFound(level, planned);
  planned.current = current;
  level.existing.push(planned);
  return { input: planned.node, current, dataPath: planned.dataPath };
}

function byId(rows: readonly Model[]): Map<string, Model> {
  const { idProp } = factsOf(rows[0]?.constructor as ModelClass<Model>);
  return new Map(rows.map((row) => [keyOf(propsOf(row)[idProp!]), row]));
}

const NO_ROWS: ReadonlyMap<string, Model> = new Map();

/** The current children read for each relation path, grouped by their owner's key. */
type ChildReads = Map<string, Promise<Map<string, Model[]>>>;

/** Whether `relation` hangs its children on the owner's id, which the input gives. */
function isKeyedById(relation: Relation): boolean {
  return coveredKeysOf(relation).owner.prop === factsOf(relation.ownerModelClass).idProp;
}

/**
 * Starts reading, all at once, the current children of every relation path the graph mentions
 * whose key is its owner's id: the input gives those ids, so these reads need not wait for the
 * rows above them, and the database answers them back to back.
 */
function startReadsByInputIds(
  builder: AnyQueryBuilder,
  modelClass: ModelClass<Model>,
  nodes: readonly Model[],
  prefix: string,
  reads: ChildReads,
): void {
  for (const relation of factsOf(modelClass).relations) {
    const children: Model[] = [];
    const ownerIds: unknown[] = [];
    let isMentioned = false;
    for (const node of nodes) {
      const mentioned = mentionedChildrenOf(node, relation);
      if (!mentioned) continue;
      isMentioned = true;
      ownerIds.push(idOf(node));
      children.push(...mentioned);
    }
    if (!isMentioned) continue;
    const path = prefix ? `${prefix}.${relation.name}` : relation.name;
    if (isKeyedById(relation)) {
      const read = currentChildrenOf(builder.knex(), relation, ownerIds);
      // Awaited in turn by the planning; a failure meanwhile is not an unhandled one.
      read.catch(() => undefined);
      reads.set(path, read);
    }
    startReadsByInputIds(builder, relation.relatedModelClass, children, path, reads);
  }
}

async function planChildren(
  builder: AnyQueryBuilder,
  relation: Relation,
  path: string,
  pairs: Pair[],
  reads: ChildReads,
  levels: PlannedLevel[],
): Promise<void> {
  const level: PlannedLevel = {
    path,
    modelClass: relation.relatedModelClass,
    relation,
    inserted: [],
    existing: [],
    missing: [],
  };
  levels.push(level);
  const ownerProp = coveredKeysOf(relation).owner.prop;
  const currentChildren = await (reads.get(path) ??
    currentChildrenOf(
      builder.knex(),
      relation,
      pairs.map(({ current }) => current && propsOf(current)[ownerProp]),
    ));
  const suffixOf = relationFacts(relation).isToMany ? (index: number) => `[${index}]` : () => '';
  const childPairs: Pair[] = [];
  for (const { input, current, dataPath } of pairs) {
    const children = mentionedChildrenOf(input, relation) ?? [];
    const currentOfParent = current
      ? (currentChildren.get(keyOf(propsOf(current)[ownerProp])) ?? [])
      : [];
    const currentById = currentOfParent.length > 0 ? byId(currentOfParent) : NO_ROWS;
    const prefix = `${dataPath}.${relation.name}`;
    const named = new Set<Model>();
    for (let index = 0; index < children.length; index++) {
      const planned = { node: children[index]!, parent: input, dataPath: prefix + suffixOf(index) };
      const pair = placeNode(level, planned, currentById);
      if (pair.current) named.add(pair.current);
      childPairs.push(pair);
    }
    for (const row of currentOfParent) {
      if (!named.has(row)) level.missing.push({ row, parent: current! });
    }
  }
  await planLevels(builder, relation.relatedModelClass, path, childPairs, reads, levels);
}

async function planLevels(
  builder: AnyQueryBuilder,
  modelClass: ModelClass<Model>,
  prefix: string,
  pairs: Pair[],
  reads: ChildReads,
  levels: PlannedLevel[],
): Promise<void> {
  for (const relation of factsOf(modelClass).relations) {
    const mentioning = pairs.filter(({ input }) => mentionedChildrenOf(input, relation));
    if (mentioning.length === 0) continue;
    const path = prefix ? `${prefix}.${relation.name}` : relation.name;
    await planChildren(builder, relation, path, mentioning, reads, levels);
  }
}

/**
 * Reads the current graph and compares it with the new one, level by level: which nodes to
 * insert, which existing rows the graph names, and which current children it leaves out. The
 * roots come read (and locked) by the caller, `currentRoots`; the children are read with plain
 * statements in the upsert's transaction, one per relation level (the children of the parents
 * that mention a relation), chunked only past the bound-parameter limit; the levels whose key is
 * the parent's id are read by the ids the input gives, all at once. Refuses a root that does not
 * exist with a `NotFoundError`, and a node whose id is not a current child of its parent through
 * that relation (another parent's, or no row at all) with a `ChildNotFoundError`. It only reads;
 * the levels come parents first.
 */
export async function planUpsert(
  builder: AnyQueryBuilder,
  roots: Model[],
  currentRoots: readonly Model[],
): Promise<PlannedLevel[]> {
  const modelClass = builder.modelClass();
  const reads: ChildReads = new Map();
  startReadsByInputIds(builder, modelClass, roots, '', reads);
  try {
    const rootLevel: PlannedLevel = {
      path: '',
      modelClass,
      inserted: [],
      existing: [],
      missing: [],
    };
    const currentById = currentRoots.length > 0 ? byId(currentRoots) : NO_ROWS;
    const pairs = roots.map((node) => placeNode(rootLevel, { node, dataPath: '' }, currentById));
    const levels = [rootLevel];
    await planLevels(builder, modelClass, '', pairs, reads, levels);
    return levels;
  } catch (error) {
    // Refused: no read of the upsert may still run when its transaction rolls back.
    await Promise.allSettled(reads.values());
    throw error;
  }
}
