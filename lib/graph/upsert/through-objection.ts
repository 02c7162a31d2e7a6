import type { AnyQueryBuilder, Model, ModelClass, UpsertGraphOptions } from 'objection';
import { ChildNotFoundError, NotFoundError } from '../../errors';
import type { GraphRun, GraphWrite } from '../../objection/graph-write';
import { notAChildRefusalOf } from '../../objection/query-internals';
import { refuseMissingRelatedTargets } from '../related-targets';
import { upsertOptionsWithPolicies } from '../upsert-policies';
import { factsOf, idOf, keyOf, propsOf } from './graph-nodes';
import { keepLinkedTargets, writeLinkExtras } from './link-extras';

function insertsMissingRoots({ insertMissing }: UpsertGraphOptions): boolean {
  return insertMissing === true || (Array.isArray(insertMissing) && insertMissing.includes(''));
}

/** A root with an id and no row is refused, unless the caller's `insertMissing` inserts it. */
function refuseMissingRoots(
  modelClass: ModelClass<Model>,
  roots: readonly Model[],
  currentRoots: readonly Model[],
  options: UpsertGraphOptions,
): void {
  if (insertsMissingRoots(options)) return;
  const { idProp } = factsOf(modelClass);
  const existing = new Set(
    currentRoots.map((row) => keyOf(idProp ? propsOf(row)[idProp] : row.$id())),
  );
  for (const root of roots) {
    const id = idOf(root);
    if (id !== undefined && !existing.has(keyOf(id))) throw new NotFoundError(modelClass.name, id);
  }
}

/** The node at Objection's `dataPath` under `root`, with its parent and its relation path. */
function nodeAt(root: Model, dataPath: ReadonlyArray<string | number>) {
  let node: unknown = root;
  let parent: Model = root;
  const relations: string[] = [];
  let path = '';
  for (const step of dataPath) {
    if (typeof step === 'number') {
      node = (node as unknown[] | undefined)?.[step];
      path += `[${step}]`;
    } else {
      parent = node as Model;
      node = propsOf(parent)[step];
      relations.push(step);
      path += path ? `.${step}` : step;
    }
  }
  return node ? { node: node as Model, parent, relation: relations.join('.'), path } : undefined;
}

/**
 * Objection's refusal of a node that is not a child of its parent, as the layer's
 * `ChildNotFoundError` (its path, relation and parent), or undefined for any other error.
 */
function childNotFoundOf(error: unknown, roots: readonly Model[]): ChildNotFoundError | undefined {
  const refusal = notAChildRefusalOf(error);
  if (!refusal) return undefined;
  for (const root of roots) {
    const found = nodeAt(root, refusal.dataPath);
    if (!found || String(found.parent.$id()) !== refusal.parentId) continue;
    const childClass = found.node.constructor as ModelClass<Model>;
    const parentClass = found.parent.constructor as ModelClass<Model>;
    return new ChildNotFoundError(
      childClass.name,
      found.node.$id(),
      {
        relation: found.relation,
        path: found.path,
        parent: { model: parentClass.name, id: found.parent.$id() },
      },
      { cause: error },
    );
  }
  return undefined;
}

/**
 * Runs a graph upsert the set-based path does not cover through Objection's own upsert, with the
 * layer's rules on top: a root that does not exist is a `NotFoundError` (unless `insertMissing`
 * inserts it), a related id that does not exist a `ChildNotFoundError` (see
 * `refuseMissingRelatedTargets`), both before anything is written; the children missing from the
 * graph go by their delete policies (`upsertOptionsWithPolicies`); linked many-to-many targets
 * are linked and unlinked, never patched, their join-table extras written by the layer
 * (`keepLinkedTargets`, `writeLinkExtras`); and Objection's refusal of a node that is not a child
 * of its parent comes out as a `ChildNotFoundError`. The roots are read (and locked) by the
 * caller, `currentRoots`.
 *
 * @example
 * await upsertThroughObjection(executing, upsert, runThroughObjection, await lockRoots(…));
 */
export async function upsertThroughObjection(
  builder: AnyQueryBuilder,
  upsert: GraphWrite,
  runThroughObjection: GraphRun,
  currentRoots: readonly Model[],
): Promise<unknown> {
  const { objects } = upsert;
  const upsertOpt = upsert.options();
  const modelClass = builder.modelClass();
  refuseMissingRoots(modelClass, objects, currentRoots, upsertOpt);
  await refuseMissingRelatedTargets(builder, objects, upsertOpt);
  const withPolicies = upsertOptionsWithPolicies(modelClass, objects, upsertOpt);
  upsert.setOptions(keepLinkedTargets(modelClass, objects, withPolicies));
  let result: unknown;
  try {
    result = await runThroughObjection(builder);
  } catch (error) {
    throw childNotFoundOf(error, objects) ?? error;
  }
  await writeLinkExtras(builder, objects, upsertOpt);
  return result;
}
