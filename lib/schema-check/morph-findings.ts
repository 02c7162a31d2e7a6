import type { Knex } from 'knex';
import type { Model, ModelClass } from 'objection';
import { idColumnOf, tableNameOf } from '../objection/query-internals';
import { type MorphToFacts, relationFacts } from '../objection/relation-facts';
import type { SchemaFinding } from './findings';

/** The morphTo relations of `models`, one per table and pair of columns. */
function morphToRelationsOf(models: ReadonlyArray<typeof Model>): MorphToFacts[] {
  const found = new Map<string, MorphToFacts>();
  for (const model of models) {
    for (const relation of Object.values(model.getRelations())) {
      const facts = relationFacts(relation);
      if (facts.kind !== 'morphTo') continue;
      const key = `${tableNameOf(model)}.${facts.typeColumn}.${facts.idColumn}`;
      if (!found.has(key)) found.set(key, facts);
    }
  }
  return [...found.values()];
}

/**
 * The columns a polymorphic owner fills in on its children (`comments.commentable_type`,
 * `comments.commentable_id`), as `table.column`: like a foreign key set by a parent, a client
 * need not give them.
 */
export function morphColumnsOf(models: ReadonlyArray<typeof Model>): string[] {
  return morphToRelationsOf(models).flatMap((facts) => {
    const table = tableNameOf(facts.ownerModelClass);
    return [`${table}.${facts.typeColumn}`, `${table}.${facts.idColumn}`];
  });
}

async function unknownTypeFindings(knex: Knex, facts: MorphToFacts): Promise<SchemaFinding[]> {
  const table = tableNameOf(facts.ownerModelClass);
  const rows: Array<Record<string, unknown>> = await knex(table)
    .select({ type: `${table}.${facts.typeColumn}` })
    .count({ n: '*' })
    .whereNotIn(`${table}.${facts.typeColumn}`, [...facts.targets.keys()])
    .groupBy(`${table}.${facts.typeColumn}`)
    .orderBy(`${table}.${facts.typeColumn}`);
  return rows.map(({ type, n }) => ({
    kind: 'morph-unknown-type',
    table,
    column: facts.typeColumn,
    message:
      `${Number(n)} row(s) of ${table} have ${facts.typeColumn} '${String(type)}', which the ` +
      `morph map of ${facts.qualifiedName} does not name (${[...facts.targets.keys()].join(', ')}): ` +
      "they are nobody's; map the type, or delete the rows",
  }));
}

async function missingTargetFinding(
  knex: Knex,
  facts: MorphToFacts,
  type: string,
  target: ModelClass<Model>,
): Promise<SchemaFinding | undefined> {
  const table = tableNameOf(facts.ownerModelClass);
  const targetTable = tableNameOf(target);
  const targetId = [idColumnOf(target)].flat()[0]!;
  const [row] = await knex(table)
    .count({ n: '*' })
    .where(`${table}.${facts.typeColumn}`, type)
    .whereNotExists((query) =>
      query
        .select(knex.raw('1'))
        .from(targetTable)
        .whereRaw('?? = ??', [`${targetTable}.${targetId}`, `${table}.${facts.idColumn}`]),
    );
  const count = Number(row?.n ?? 0);
  if (count === 0) return undefined;
  return {
    kind: 'morph-missing-target',
    table,
    column: facts.idColumn,
    message:
      `${count} row(s) of ${table} with ${facts.typeColumn} '${type}' point at no row of ` +
      `${targetTable} (${facts.qualifiedName}): their owner was deleted outside the layer, which no ` +
      'foreign key can prevent; delete them, or delete owners through the models',
  };
}

/**
 * The orphans of every polymorphic relation, which no foreign key can prevent: rows whose type
 * column names no model of the morph map, and rows whose owner row does not exist. One query
 * for the unknown types and one per type of the map, per morphTo.
 */
export async function morphOrphanFindings(
  knex: Knex,
  models: ReadonlyArray<typeof Model>,
): Promise<SchemaFinding[]> {
  const findings: SchemaFinding[] = [];
  for (const facts of morphToRelationsOf(models)) {
    findings.push(...(await unknownTypeFindings(knex, facts)));
    for (const [type, target] of facts.targets) {
      const finding = await missingTargetFinding(knex, facts, type, target);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}
