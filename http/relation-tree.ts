import { InvalidRelationError } from '../lib';
import type { ResourceModel } from './options';
import { type RelationInfo, relationOf, relationsOf } from './relations';

/** Relation names nested as objects: `{ products: { orders: {} } }` for `products.orders`. */
export interface RelationTree {
  [relation: string]: RelationTree;
}

/** Every dotted relation path from `model`, `maxDepth` levels deep at most. */
export function relationPaths(model: ResourceModel, maxDepth: number, prefix = ''): string[] {
  if (maxDepth === 0) return [];
  return relationsOf(model).flatMap((relation) => {
    const path = `${prefix}${relation.name}`;
    return [path, ...pathsBelow(relation, maxDepth - 1, `${path}.`)];
  });
}

/** The paths below `relation`; below a morphTo, only through relations every target has. */
function pathsBelow(relation: RelationInfo, maxDepth: number, prefix: string): string[] {
  const [first, ...others] = relation.targets;
  return relationPaths(first!, maxDepth, prefix).filter((path) => {
    const [name] = path.slice(prefix.length).split('.');
    return others.every((target) => relationOf(target, name!) !== undefined);
  });
}

/** The relations a body may write from `model`, `maxDepth` levels deep at most. */
export function writableTree(model: ResourceModel, maxDepth: number): RelationTree {
  if (maxDepth === 0) return {};
  const writable = relationsOf(model).filter((relation) => relation.isWritable);
  return Object.fromEntries(
    writable.map((relation) => [relation.name, writableTree(relation.target, maxDepth - 1)]),
  );
}

/** The dotted paths of `tree`, from `model`, whose last relation satisfies `test`. */
export function pathsWhere(
  model: ResourceModel,
  tree: RelationTree,
  test: (relation: RelationInfo) => boolean,
  prefix = '',
): string[] {
  return Object.entries(tree).flatMap(([name, children]) => {
    const relation = relationOf(model, name);
    if (!relation) return [];
    const path = `${prefix}${name}`;
    const nested = pathsWhere(relation.target, children, test, `${path}.`);
    return test(relation) ? [path, ...nested] : nested;
  });
}

/** The dotted paths of a tree, parents before children. */
export function pathsOf(tree: RelationTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([name, children]) => [
    `${prefix}${name}`,
    ...pathsOf(children, `${prefix}${name}.`),
  ]);
}

/** Objection's object notation of a relation expression: leaves are `true`. */
export function toExpression(tree: RelationTree): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).map(([name, children]) => [
      name,
      Object.keys(children).length === 0 ? true : toExpression(children),
    ]),
  );
}

/**
 * Parses `include=products,orders.customer` into a tree, checking every name against the
 * declared relations and the depth against `maxDepth`.
 */
export function parseInclude(model: ResourceModel, raw: string, maxDepth: number): RelationTree {
  const tree: RelationTree = {};
  for (const path of raw.split(',').map((part) => part.trim())) {
    if (path === '') continue;
    const names = path.split('.');
    if (names.length > maxDepth) {
      throw new InvalidRelationError(
        `include "${path}" is ${names.length} relations deep; at most ${maxDepth} are allowed`,
      );
    }
    let owner = model;
    let node = tree;
    for (const name of names) {
      const relation = relationOf(owner, name);
      if (!relation) {
        const known = relationsOf(owner).map((r) => r.name);
        throw new InvalidRelationError(
          `include "${path}": ${owner.name} has no relation "${name}"; it has ${known.join(', ') || 'none'}`,
        );
      }
      refuseMissingOnSomeTarget(relation, path, names, name);
      node = node[name] ??= {};
      owner = relation.target;
    }
  }
  return tree;
}

/**
 * Below a morphTo, every name must be a relation of every model of its morph map: each type's
 * rows are loaded with the same relations.
 */
function refuseMissingOnSomeTarget(
  relation: RelationInfo,
  path: string,
  names: readonly string[],
  name: string,
): void {
  if (!relation.isPolymorphicTarget) return;
  const below = names[names.indexOf(name) + 1];
  if (below === undefined) return;
  const lacking = relation.targets.filter((target) => !relationOf(target, below));
  if (lacking.length === 0) return;
  throw new InvalidRelationError(
    `include "${path}": ${relation.name} is one of ${relation.targets.map((t) => t.name).join(', ')}, ` +
      `and ${lacking.map((t) => t.name).join(', ')} has no relation "${below}"`,
  );
}
