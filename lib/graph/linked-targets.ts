import type { Model, ModelClass, Relation } from 'objection';
import { type FieldError, ValidationFailedError } from '../errors';
import { idColumnOf } from '../objection/query-internals';
import { joinTableExtrasOf } from '../objection/relation-facts';
import { isLinkOnly } from '../relations';

type InputNode = Record<string, unknown>;

function isNode(value: unknown): value is InputNode {
  return typeof value === 'object' && value !== null;
}

function nodesOf(value: unknown): InputNode[] {
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}

interface LinkShape {
  /** The properties that name the target: its id, and the key the join row points at. */
  keys: ReadonlySet<string>;
  /** What a link node may carry: its keys, the join-table extras, Objection's `#id`/`#dbRef`. */
  allowed: ReadonlySet<string>;
  /** Objection's `#dbRef`, which relates the row it names as an id does. */
  dbRefProp: string;
  /** The sentence each refused property gets. */
  message: string;
}

interface RelationEntry {
  name: string;
  relation: Relation;
  link?: LinkShape;
}

function linkShapeOf(relation: Relation): LinkShape {
  const target = relation.relatedModelClass;
  const extras = joinTableExtrasOf(relation).map(({ property }) => property);
  const idProps = [idColumnOf(target)]
    .flat()
    .map((column) => target.columnNameToPropertyName(column));
  const keys = new Set([...idProps, ...relation.relatedProp.props]);
  const carried = [...keys, ...extras].join(', ');
  return {
    keys,
    allowed: new Set([...keys, ...extras, target.uidProp, target.dbRefProp]),
    dbRefProp: target.dbRefProp,
    message:
      `cannot be written through ${relation.ownerModelClass.name}.${relation.name}: a ` +
      `${target.name} given by id is only linked (${carried}); change it through its own model`,
  };
}

const entriesByClass = new WeakMap<ModelClass<Model>, RelationEntry[]>();

// Runs for every node of every graph write, so each model class's relations are listed once.
function relationsOf(modelClass: ModelClass<Model>): RelationEntry[] {
  let entries = entriesByClass.get(modelClass);
  if (!entries) {
    entries = Object.entries(modelClass.getRelations()).map(([name, relation]) => ({
      name,
      relation,
      ...(isLinkOnly(relation) ? { link: linkShapeOf(relation) } : {}),
    }));
    entriesByClass.set(modelClass, entries);
  }
  return entries;
}

function namesTarget(node: InputNode, link: LinkShape): boolean {
  if (node[link.dbRefProp] !== undefined) return true;
  for (const key of link.keys) {
    if (node[key] === undefined || node[key] === null) return false;
  }
  return true;
}

function collectErrors(
  modelClass: ModelClass<Model>,
  node: InputNode,
  path: string,
  errors: FieldError[],
): void {
  for (const { name, relation, link } of relationsOf(modelClass)) {
    // Own properties only: a model instance's unloaded relation is no property (strict loading).
    if (!Object.hasOwn(node, name) || !isNode(node[name])) continue;
    const value = node[name];
    const isList = Array.isArray(value);
    nodesOf(value).forEach((child, index) => {
      const at = `${path}${path ? '.' : ''}${name}${isList ? `[${index}]` : ''}`;
      if (link && namesTarget(child, link)) {
        for (const [key, field] of Object.entries(child)) {
          if (field === undefined || key.startsWith('$') || link.allowed.has(key)) continue;
          errors.push({ path: `${at}.${key}`, message: link.message });
        }
        return;
      }
      collectErrors(relation.relatedModelClass, child, at, errors);
    });
  }
}

/**
 * Refuses, before anything is written, a graph write that would rewrite a many-to-many target
 * through its owner: under a relation declared with `manyToMany()` (see `isLinkOnly`), a node
 * that names an existing target (by id, or `#dbRef`) links or keeps it, and may set the
 * join-table extras; any other column of the target, and any relation nested under it, is
 * refused with a `ValidationFailedError` naming each path (`products[0].name`). A node without
 * an id creates a new target, as ever. The target's own model is where it is edited: a product
 * is renamed through `Product`, not through every order that lists it.
 *
 * @example
 * refuseRewritingLinkedTargets(Order, { id: 2, products: [{ id: 6, name: 'Renamed' }] });
 * // ValidationFailedError: products[0].name: cannot be written through Order.products: …
 */
export function refuseRewritingLinkedTargets(modelClass: ModelClass<Model>, graph: unknown): void {
  const errors: FieldError[] = [];
  nodesOf(graph).forEach((node, index) =>
    collectErrors(modelClass, node, Array.isArray(graph) ? `[${index}]` : '', errors),
  );
  if (errors.length > 0) throw new ValidationFailedError(errors, { model: modelClass.name });
}
