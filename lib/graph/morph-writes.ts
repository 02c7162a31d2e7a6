import type { Model, ModelClass, UpsertGraphOptions } from 'objection';
import { UnsupportedQueryError } from '../errors';
import { relationFacts } from '../objection/relation-facts';
import { relationPathsOf } from './relation-paths';

function appliesTo(option: boolean | string[] | undefined, path: string): boolean {
  return option === true || (Array.isArray(option) && option.includes(path));
}

/**
 * Refuses, before anything is sent, a graph write through a polymorphic relation that the layer
 * cannot write correctly: a `morphTo` node (which model's table would it go to?), and `relate` or
 * `unrelate` on a `morphMany`/`morphOne` path, which would move a child's id column without its
 * type column. Children inserted or upserted under a `morphMany`/`morphOne` are written with
 * their owner's type value (the relation's `beforeInsert`) and read back through its type
 * condition, so a child of another owner named by id is never one of this owner's.
 *
 * @example
 * refuseMorphWrites(Comment, { body: 'x', commentable: { title: 'new' } }, {}); // throws
 */
export function refuseMorphWrites(
  modelClass: ModelClass<Model>,
  graph: unknown,
  options: UpsertGraphOptions = {},
): void {
  for (const { path, ownerModelClass, relationName } of relationPathsOf(modelClass, graph)) {
    const facts = relationFacts(ownerModelClass.getRelation(relationName));
    if (facts.kind === 'morphTo') {
      throw new UnsupportedQueryError(
        `${facts.qualifiedName} is a morphTo: a graph write cannot write through it (at ` +
          `${path}); write the target through its own model, and the child's ` +
          `${facts.typeColumn} and ${facts.idColumn}, or insert the child through the target's ` +
          'morphMany',
      );
    }
    const isMorphOwner = facts.kind === 'morphMany' || facts.kind === 'morphOne';
    if (isMorphOwner && (appliesTo(options.relate, path) || appliesTo(options.unrelate, path))) {
      throw new UnsupportedQueryError(
        `${facts.qualifiedName} is polymorphic: a graph write cannot relate or unrelate through ` +
          `it (at ${path}), which would move a child's ${facts.idColumn} without its ` +
          `${facts.typeColumn}; insert the children through it, or write both columns on the child`,
      );
    }
  }
}
