import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Model, type Relation } from 'objection';
import { type BaseModel, relationFacts } from '../../lib';
import { allModels } from '../../models';

type AnyModel = typeof BaseModel;

/** Where the diagram is written, and read back by the test that keeps it true to the models. */
export const SCHEMA_DOC = path.resolve(__dirname, '..', '..', 'docs', 'schema.md');

/** Whether `relation` is of `kind`, without narrowing: every kind has the same typings. */
function is(relation: Relation, kind: Relation['constructor']): boolean {
  return relation instanceof kind;
}

interface RuntimeRelation extends Relation {
  joinTableExtras?: Array<{ aliasProp: string; joinTableCol: string }>;
}

const TYPES: Record<string, string> = {
  integer: 'int',
  number: 'decimal',
  string: 'string',
  boolean: 'boolean',
};

function declaredPolicy(model: AnyModel, relation: string): string | undefined {
  const mappings = model.relationMappings;
  const declared = (typeof mappings === 'function' ? mappings() : mappings) as
    Record<string, { onDelete?: string }> | undefined;
  return declared?.[relation]?.onDelete;
}

function typeOf(schema: unknown): { type: string; isNullable: boolean } {
  const types = [(schema as { type?: string | string[] } | undefined)?.type ?? []].flat();
  const [type = 'string'] = types.filter((candidate) => candidate !== 'null');
  return { type: TYPES[type] ?? type, isNullable: types.includes('null') };
}

/** Join-table extras that other models' relations put on `model`'s rows: not its columns. */
function extrasOn(model: AnyModel, models: readonly AnyModel[]): Set<string> {
  const extras = new Set<string>();
  for (const other of models) {
    for (const relation of Object.values(other.getRelations()) as RuntimeRelation[]) {
      if (relation.relatedModelClass !== model) continue;
      for (const extra of relation.joinTableExtras ?? []) extras.add(extra.aliasProp);
    }
  }
  return extras;
}

function foreignKeysOf(model: AnyModel): Set<string> {
  return new Set(
    Object.values(model.getRelations())
      .filter((relation) => is(relation, Model.BelongsToOneRelation) && !isMorph(relation))
      .flatMap((relation) => relation.ownerProp.props),
  );
}

/** Whether `relation` is polymorphic: its id column is no foreign key, the type says whose. */
function isMorph(relation: Relation): boolean {
  const { kind } = relationFacts(relation);
  return kind === 'morphMany' || kind === 'morphOne' || kind === 'morphTo';
}

/** The id and type columns of `model`'s morphTo relations: no foreign key holds them. */
function morphColumnsOf(model: AnyModel): Map<string, string> {
  const columns = new Map<string, string>();
  for (const relation of Object.values(model.getRelations())) {
    const facts = relationFacts(relation);
    if (facts.kind !== 'morphTo') continue;
    const types = [...facts.targets.keys()].join(', ');
    columns.set(facts.typeColumn, `polymorphic type: ${types}`);
    columns.set(facts.idColumn, `polymorphic id, by ${facts.typeColumn}`);
  }
  return columns;
}

function entity(model: AnyModel, models: readonly AnyModel[]): string[] {
  const extras = extrasOn(model, models);
  const foreignKeys = foreignKeysOf(model);
  const morphColumns = morphColumnsOf(model);
  const properties = Object.entries(model.jsonSchema?.properties ?? {}).filter(
    ([name]) => !extras.has(name),
  );
  const attributes = properties.map(([name, schema]) => {
    const key = name === model.idColumn ? ' PK' : foreignKeys.has(name) ? ' FK' : '';
    const { type, isNullable } = typeOf(schema);
    const comment = morphColumns.get(name) ?? (isNullable ? 'nullable' : undefined);
    return `    ${type} ${name}${key}${comment ? ` "${comment}"` : ''}`;
  });
  return [`  ${model.tableName} {`, ...attributes, '  }'];
}

function joinEntity(relation: RuntimeRelation): string[] {
  const keys = [...relation.joinTableOwnerProp.props, ...relation.joinTableRelatedProp.props];
  const extras = (relation.joinTableExtras ?? []).map((extra) => {
    const schema = relation.relatedModelClass.jsonSchema?.properties?.[extra.aliasProp];
    return `    ${typeOf(schema).type} ${extra.joinTableCol}`;
  });
  return [`  ${relation.joinTable} {`, ...keys.map((key) => `    int ${key} FK`), ...extras, '  }'];
}

/** The lines of one relation, drawn once from the side that owns the related rows. */
function relationLines(
  model: AnyModel,
  relation: RuntimeRelation,
  drawnJoins: Set<string>,
): string[] {
  const owner = model.tableName;
  const related = relation.relatedModelClass.tableName;
  const policy = declaredPolicy(model, relation.name);
  const morph = isMorph(relation) ? ', polymorphic' : '';
  const label = `"${model.name}.${relation.name}${policy ? `, ${policy}` : ''}${morph}"`;
  if (is(relation, Model.ManyToManyRelation)) {
    if (drawnJoins.has(relation.joinTable)) return [];
    drawnJoins.add(relation.joinTable);
    const inverse = Object.values(relation.relatedModelClass.getRelations()).find(
      (candidate) =>
        is(candidate, Model.ManyToManyRelation) && candidate.joinTable === relation.joinTable,
    );
    const inversePolicy =
      inverse && declaredPolicy(relation.relatedModelClass as AnyModel, inverse.name);
    const inverseLabel = inverse
      ? `"${relation.relatedModelClass.name}.${inverse.name}${inversePolicy ? `, ${inversePolicy}` : ''}"`
      : '""';
    return [
      `  ${owner} ||--o{ ${relation.joinTable} : ${label}`,
      `  ${related} ||--o{ ${relation.joinTable} : ${inverseLabel}`,
    ];
  }
  // HasOne extends HasMany in Objection: asked first.
  if (is(relation, Model.HasOneRelation)) return [`  ${owner} ||--o| ${related} : ${label}`];
  if (is(relation, Model.HasManyRelation)) return [`  ${owner} ||--o{ ${related} : ${label}`];
  return [];
}

/** The owner side of a nullable foreign key may be absent: `|o` rather than `||`. */
function withOptionalOwners(line: string, models: readonly AnyModel[]): string {
  const match = /^ {2}(\S+) \|\|--(o[{|]) (\S+) : /.exec(line);
  if (!match) return line;
  const [, owner, many, related] = match;
  const child = models.find((model) => model.tableName === related);
  const parent = Object.values(child?.getRelations() ?? {}).find(
    (relation) =>
      is(relation, Model.BelongsToOneRelation) && relation.relatedModelClass.tableName === owner,
  );
  const key = parent?.ownerProp.props[0];
  const isNullable = key !== undefined && typeOf(child?.jsonSchema?.properties?.[key]).isNullable;
  return isNullable ? line.replace(`${owner} ||--${many}`, `${owner} |o--${many}`) : line;
}

/**
 * The Mermaid `erDiagram` of `models`: one entity per table with the columns its JSON schema
 * declares (PK, FK, nullable), the join tables of many-to-many relations with their extras, and
 * one line per relation, labelled with its name and delete policy.
 */
export function erDiagram(models: readonly AnyModel[]): string {
  const entities: string[] = [];
  const lines: string[] = [];
  const drawnJoins = new Set<string>();
  for (const model of models) {
    entities.push(...entity(model, models));
    for (const relation of Object.values(model.getRelations()) as RuntimeRelation[]) {
      if (is(relation, Model.ManyToManyRelation) && !drawnJoins.has(relation.joinTable)) {
        entities.push(...joinEntity(relation));
      }
      lines.push(
        ...relationLines(model, relation, drawnJoins).map((line) =>
          withOptionalOwners(line, models),
        ),
      );
    }
  }
  return ['erDiagram', ...lines, ...entities].join('\n');
}

/** docs/schema.md: the diagram and how to read it. */
export function schemaDocument(models: readonly AnyModel[]): string {
  return `# Schema

<!-- Generated by \`npm run docs:er\` from the models; a test fails when it no longer matches them. -->

The tables the models declare, with the columns of their JSON schemas, and their relations as
declared on the models: each line is labelled with the relation that owns the rows and its delete
policy; \`|o\` marks a foreign key that may be null. The migrations in \`migrations/\` own the
schema itself (types, indexes, CHECK rules, \`ON DELETE\`); the \`deletions\` table of the audit
trail has no foreign keys and no model, so it is not drawn.

\`\`\`mermaid
${erDiagram(models)}
\`\`\`
`;
}

async function main(): Promise<void> {
  await writeFile(SCHEMA_DOC, schemaDocument(allModels));
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_DOC)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
