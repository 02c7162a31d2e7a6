import type { Model, ModelClass, RelationMapping } from 'objection';
import { RecursiveRelation } from './recursive-relation';
import { ThroughRelation } from './through-relation';

type Target = ModelClass<Model> | (() => ModelClass<Model>);

// Objection types a mapping's `relation` as a class of its own relation interface, which a
// subclass of its (untyped) base class is not; Objection itself only asks `isObjectionRelationClass`.
function asMapping(mapping: object): RelationMapping<Model> {
  return mapping as unknown as RelationMapping<Model>;
}

/** The mapping of a through relation: `join` names the two relations it walks. */
export function throughMapping(
  modelClass: Target,
  declaration: { through: string; source: string },
  isOneToOne: boolean,
): RelationMapping<Model> {
  const { through, source } = declaration;
  return asMapping({
    relation: ThroughRelation,
    modelClass,
    join: { from: through, to: `${through}.${source}` },
    through: { relation: through, source },
    isOneToOne,
  });
}

/** The mapping of a recursive relation: `join` names the relation it repeats. */
export function recursiveMapping(
  modelClass: Target,
  step: string,
  maxDepth: number | undefined,
): RelationMapping<Model> {
  return asMapping({
    relation: RecursiveRelation,
    modelClass,
    join: { from: step, to: step },
    step,
    ...(maxDepth === undefined ? {} : { maxDepth }),
  });
}
