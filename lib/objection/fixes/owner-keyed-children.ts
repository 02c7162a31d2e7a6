import {
  Model,
  type ModelClass,
  type QueryBuilder,
  type Relation,
  type UpsertGraphOptions,
} from 'objection';
import { NotFoundError } from '../../errors';
import { relationPathsOf } from '../../graph/relation-paths';
import { idColumnOf } from '../query-internals';
import { graphWriteOf } from '../operation-internals';
import { GRAPH_WRITE_METHODS, wrapGraphWrites } from '../graph-write-methods';

/**
 * Whether the rows of a HasMany or HasOne `relation` carry their owner's key in their own id
 * (`slots` identified by `(shelf_id, position)`): such a row cannot be moved to another owner,
 * as relating would, without becoming another row.
 */
function isKeyedByOwner(relation: Relation): boolean {
  if (!(relation instanceof Model.HasManyRelation)) return false;
  const idColumns = [idColumnOf(relation.relatedModelClass)].flat();
  return relation.relatedProp.cols.every((column) => idColumns.includes(column));
}

/** The graph's relation paths, and those of them whose children are keyed by their owner. */
function pathsOf(modelClass: ModelClass<Model>, graph: unknown) {
  const all = relationPathsOf(modelClass, graph);
  const keyed = all.filter(({ ownerModelClass, relationName }) =>
    isKeyedByOwner(ownerModelClass.getRelation(relationName)),
  );
  return { all: all.map(({ path }) => path), keyed: keyed.map(({ path }) => path) };
}

/**
 * The options without `relate` for the keyed paths; an upsert inserts a keyed child its owner
 * does not have (`insertMissing`): its id holds its owner's key, so it is that owner's new child.
 */
function optionsFor(
  modelClass: ModelClass<Model>,
  graph: unknown,
  options: UpsertGraphOptions | undefined,
  isUpsert: boolean,
): UpsertGraphOptions | undefined {
  const { all, keyed } = pathsOf(modelClass, graph);
  if (keyed.length === 0) return options;
  const adjusted: UpsertGraphOptions = { ...options };
  const related = options?.relate;
  if (related) {
    adjusted.relate = (related === true ? all : related).filter((path) => !keyed.includes(path));
  }
  const missing = options?.insertMissing;
  if (isUpsert && missing !== true) {
    adjusted.insertMissing = [...new Set([...(missing || []), ...keyed])];
  }
  return adjusted;
}

/**
 * Gives every keyed child of an owner node that carries its key the owner's key, where the
 * input leaves it out, so that the upsert finds the child among the owner's current ones (and
 * updates it) instead of taking it for a new row and the current one for a removed one. A child
 * that names another owner is refused, as Objection refuses a child of another parent.
 */
function completeChildKeys(node: Model): void {
  const modelClass = node.constructor as ModelClass<Model>;
  for (const relation of Object.values(modelClass.getRelations())) {
    const value: unknown = (node as unknown as Record<string, unknown>)[relation.name];
    if (!Object.hasOwn(node, relation.name) || !value) continue;
    const children = [value].flat().filter((child): child is Model => child instanceof Model);
    const ownerKey = relation.ownerProp.props.map(
      (prop) => (node as unknown as Record<string, unknown>)[prop],
    );
    if (isKeyedByOwner(relation) && ownerKey.every((part) => part != null)) {
      for (const child of children) {
        const props = child as unknown as Record<string, unknown>;
        relation.relatedProp.props.forEach((prop, index) => {
          props[prop] ??= ownerKey[index];
          if (String(props[prop]) !== String(ownerKey[index])) {
            throw new NotFoundError(relation.relatedModelClass.name, child.$id());
          }
        });
      }
    }
    children.forEach(completeChildKeys);
  }
}

/**
 * Objection 3.1.5's `insertGraph`/`upsertGraph` with `relate` silently drops the HasMany and
 * HasOne children whose composite id holds the foreign key (a shelf's slots identified by
 * `(shelf_id, position)`): it takes a new one for a row to relate, finds none, and writes
 * nothing; and an upsert that leaves a child's foreign key out takes the child for a new row and
 * its current row for a removed one (objection#2544). On the graph writes of `prototype`, such
 * children are never related (relating would move a row to another owner, which changes its
 * id): an insert inserts them, and an upsert updates the owner's current child with the same id
 * and inserts the others, the owner's key filled in where the input leaves it out (before the
 * write, on Objection's models of the input, not on the input itself).
 *
 * @example
 * useOwnerKeyedChildren(LayerQueryBuilder.prototype);
 * await Shelf.query().upsertGraph(
 *   { id: 1, slots: [{ position: 1, label: 'kept' }, { position: 3, label: 'new' }] },
 *   { relate: true, noDelete: true },
 * ); // slot (1, 1) updated, slot (1, 3) inserted
 */
export function useOwnerKeyedChildren(prototype: QueryBuilder<Model>): void {
  wrapGraphWrites(prototype, GRAPH_WRITE_METHODS, (original, method) => {
    const isUpsert = method.startsWith('upsert');
    return function (this: QueryBuilder<Model>, graph: unknown, options?: UpsertGraphOptions) {
      const written = original.call(
        this,
        graph,
        optionsFor(this.modelClass(), graph, options, isUpsert),
      );
      if (!isUpsert) return written;
      return written.runBefore((result, builder) => {
        graphWriteOf(builder)?.objects.forEach(completeChildKeys);
      });
    };
  });
}
