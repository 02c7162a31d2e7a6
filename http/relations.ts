import { Model, type Relation, type RelationMappings, type RelationMappingsThunk } from 'objection';
import { type DeletePolicy, isLinkOnly, type RelationDeclaration } from '../lib';
import type { ResourceModel } from './options';

/** What Objection's relation objects carry at runtime beyond their typings. */
interface RuntimeRelation extends Relation {
  isOneToOne(): boolean;
  joinTableExtras?: Array<{ aliasProp: string }>;
}

/** One declared relation of a model, as the HTTP layer needs to know it. */
export interface RelationInfo {
  name: string;
  target: ResourceModel;
  isToMany: boolean;
  /** Whether the rows are linked through a join table rather than by a foreign key on one side. */
  isManyToMany: boolean;
  /**
   * Whether a nested node with an id only links its target (its id and the join-table extras),
   * never rewrites it: see the layer's `isLinkOnly`.
   */
  isLinkOnly: boolean;
  /** The declared delete policy; a BelongsToOne declares none. */
  policy: DeletePolicy | undefined;
  /** Join-table columns that ride along on the targets (`quantity` on an order's products). */
  extras: string[];
  /**
   * Whether a request body may carry this relation: the owner owns the related rows, so it
   * declares what removing them means (cascade, nullify, unrelate). A BelongsToOne points at
   * an owner, which a child's body must not create or delete (use the foreign-key column), and
   * `restrict` protects rows that this side must not remove.
   */
  isWritable: boolean;
}

function declarationsOf(model: ResourceModel): Record<string, Partial<RelationDeclaration>> {
  const mappings = model.relationMappings as RelationMappings | RelationMappingsThunk | undefined;
  const declared = typeof mappings === 'function' ? mappings() : mappings;
  return (declared ?? {}) as Record<string, Partial<RelationDeclaration>>;
}

const cache = new WeakMap<ResourceModel, RelationInfo[]>();

/** The relations `model` declares, read from Objection's relation objects and the declarations. */
export function relationsOf(model: ResourceModel): RelationInfo[] {
  let relations = cache.get(model);
  if (!relations) {
    const declarations = declarationsOf(model);
    relations = Object.values(model.getRelations()).map((relation) => {
      const runtime = relation as RuntimeRelation;
      const policy = declarations[relation.name]?.onDelete;
      return {
        name: relation.name,
        target: relation.relatedModelClass as ResourceModel,
        isToMany: !runtime.isOneToOne(),
        isManyToMany: relation instanceof Model.ManyToManyRelation,
        isLinkOnly: isLinkOnly(relation),
        policy,
        extras: (runtime.joinTableExtras ?? []).map((extra) => extra.aliasProp),
        isWritable: policy !== undefined && policy !== 'restrict',
      };
    });
    cache.set(model, relations);
  }
  return relations;
}

/** The relation `name` of `model`, or undefined when it declares none by that name. */
export function relationOf(model: ResourceModel, name: string): RelationInfo | undefined {
  return relationsOf(model).find((relation) => relation.name === name);
}
