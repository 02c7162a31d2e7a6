import type { AnyQueryBuilder, Model, ModelClass, Relation } from 'objection';
import { chunksOf, valuesPerStatement } from '../../database/chunks';
import { relationPathsOf } from '../relation-paths';
import { asChildQueryOf } from '../../objection-internals';
import { hasId, idKeyOf, isOneToOne, mentionedChildrenOf } from './graph-nodes';

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

interface Pair {
  input: Model;
  current?: Model;
  dataPath: string;
}

/** Fetches the current graph: the roots, then one query per relation level (Objection's eager). */
async function fetchCurrentRoots(builder: AnyQueryBuilder, roots: Model[]): Promise<Model[]> {
  const modelClass = builder.modelClass();
  const ids = [...new Set(roots.filter((root) => hasId(root)).map((root) => root.$id()))];
  if (ids.length === 0) return [];
  const expression = `[${relationPathsOf(modelClass, roots)
    .map(({ path }) => path)
    .join(', ')}]`;
  const current: Model[] = [];
  for (const chunk of chunksOf(ids, valuesPerStatement(builder.knex()))) {
    const query = asChildQueryOf(modelClass.query(), builder, {
      fork: true,
      isInternalQuery: true,
    }).findByIds(chunk);
    current.push(...(await (expression === '[]' ? query : query.withGraphFetched(expression))));
  }
  return current;
}

function notFound(builder: AnyQueryBuilder, planned: PlannedNode, parent?: Model): Error {
  const id = String(planned.node.$id());
  const message = parent
    ? `model (id=${id}) is not a child of model (id=${String(parent.$id())}). If you want to relate it, use the relate option. If you want to insert it with an id, use the insertMissing option`
    : `root model (id=${id}) does not exist. If you want to insert it with an id, use the insertMissing option`;
  const modelClass = planned.node.constructor as ModelClass<Model>;
  return modelClass.createNotFoundError(builder.context(), {
    message,
    dataPath: planned.dataPath.split(/[.[\]]+/).filter(Boolean),
  } as Parameters<ModelClass<Model>['createNotFoundError']>[1]);
}

function placeNode(
  builder: AnyQueryBuilder,
  level: PlannedLevel,
  planned: PlannedNode,
  currentById: Map<string, Model>,
  matched: Set<Model>,
): Pair {
  const key = idKeyOf(planned.node);
  if (key === undefined) {
    level.inserted.push(planned);
    return { input: planned.node, dataPath: planned.dataPath };
  }
  const current = currentById.get(key);
  if (!current) throw notFound(builder, planned, planned.parent);
  matched.add(current);
  level.existing.push({ ...planned, current });
  return { input: planned.node, current, dataPath: planned.dataPath };
}

function planChildren(
  builder: AnyQueryBuilder,
  relation: Relation,
  path: string,
  pairs: Pair[],
  levels: PlannedLevel[],
): void {
  const level: PlannedLevel = {
    path,
    modelClass: relation.relatedModelClass,
    relation,
    inserted: [],
    existing: [],
    missing: [],
  };
  const childPairs: Pair[] = [];
  for (const { input, current, dataPath } of pairs) {
    const children = mentionedChildrenOf(input, relation) ?? [];
    const currentChildren = current ? (mentionedChildrenOf(current, relation) ?? []) : [];
    const currentById = new Map(currentChildren.map((row) => [idKeyOf(row) ?? '', row]));
    const matched = new Set<Model>();
    children.forEach((node, index) => {
      const suffix = isOneToOne(relation) ? '' : `[${index}]`;
      const planned = { node, parent: input, dataPath: `${dataPath}.${relation.name}${suffix}` };
      childPairs.push(placeNode(builder, level, planned, currentById, matched));
    });
    for (const row of currentChildren) {
      if (current && !matched.has(row)) level.missing.push({ row, parent: current });
    }
  }
  levels.push(level);
  planLevels(builder, relation.relatedModelClass, path, childPairs, levels);
}

function planLevels(
  builder: AnyQueryBuilder,
  modelClass: ModelClass<Model>,
  prefix: string,
  pairs: Pair[],
  levels: PlannedLevel[],
): void {
  for (const relation of Object.values(modelClass.getRelations())) {
    const mentioning = pairs.filter(({ input }) => mentionedChildrenOf(input, relation));
    if (mentioning.length === 0) continue;
    const path = prefix ? `${prefix}.${relation.name}` : relation.name;
    planChildren(builder, relation, path, mentioning, levels);
  }
}

/**
 * Reads the current graph (the roots, then one query per relation level) and compares it with
 * the new one, level by level: which nodes to insert, which existing rows the graph names, and
 * which current children it leaves out. Refuses, as Objection does, with a `NotFoundError`, a
 * node whose id is not a current child of its parent (or a root that does not exist). It only
 * reads; the levels come parents first.
 */
export async function planUpsert(
  builder: AnyQueryBuilder,
  roots: Model[],
): Promise<PlannedLevel[]> {
  const modelClass = builder.modelClass();
  const currentRoots = await fetchCurrentRoots(builder, roots);
  const rootLevel: PlannedLevel = { path: '', modelClass, inserted: [], existing: [], missing: [] };
  const currentById = new Map(currentRoots.map((row) => [idKeyOf(row) ?? '', row]));
  const matched = new Set<Model>();
  const pairs = roots.map((node) =>
    placeNode(builder, rootLevel, { node, dataPath: '' }, currentById, matched),
  );
  const levels = [rootLevel];
  planLevels(builder, modelClass, '', pairs, levels);
  return levels;
}
