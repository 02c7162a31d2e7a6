import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model } from 'objection';
import {
  type FieldAccess,
  fieldExpressionParser,
  mergeOperationPrototype,
  referencePrototype,
  type RowWriteOperation,
  updateOperationPrototype,
} from '../modules';

// What PostgreSQL's array literal reads as syntax inside an element, or around one.
const NEEDS_ARRAY_QUOTES = /[",{}\\]|^\s|\s$|^$|^null$/i;

/** One key of a JSON path as an element of PostgreSQL's text-array literal (`{a,"b,c"}`). */
function arrayElement(key: string | number): string {
  const text = String(key);
  return NEEDS_ARRAY_QUOTES.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : text;
}

/**
 * Text between single quotes in SQL that knex reads as raw SQL: a quote is doubled, so that it
 * cannot end the literal, and a `?` is escaped, so that knex does not take it for a binding.
 */
function quotedText(text: string): string {
  return `'${text.replace(/'/g, "''").replace(/\?/g, '\\?')}'`;
}

/** A double-quoted identifier in raw SQL: a `"` doubled, a `?` escaped from knex. */
function quotedIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""').replace(/\?/g, '\\?')}"`;
}

/** The path of a field expression as PostgreSQL's `'{a,b}'` literal, keys escaped. */
export function jsonPathLiteral(access: readonly FieldAccess[]): string {
  return quotedText(`{${access.map((step) => arrayElement(step.ref)).join(',')}}`);
}

// Objection's parser as it is, before `escapeJsonFieldKeys` makes it hand out escaped keys.
const parseUnescaped = fieldExpressionParser.parseFieldExpression;

// A ref()'s SQL: the column bound as an identifier, the path as an escaped literal.
function referenceSql(
  this: typeof referencePrototype,
  builder: AnyQueryBuilder,
  bindings: unknown[],
): string {
  bindings.push(this.fullColumn(builder));
  const { access } = this._parsedExpr;
  if (access.length === 0) return '??';
  return `??${this._cast ? '#>>' : '#>'}${jsonPathLiteral(access)}`;
}

function isSqlValue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('client' in value)) return false;
  const candidate = value as { isRawInstance?: boolean; select?: unknown; column?: unknown };
  const isQueryBuilder =
    typeof candidate.select === 'function' && candidate.select === candidate.column;
  return candidate.isRawInstance === true || isQueryBuilder;
}

/**
 * A row to write with its field-expression keys (`'data:a.b': 1`) turned into `jsonb_set`
 * calls on their column, one inside the other for several keys of a column, the keys escaped;
 * the keys leave `model`, as Objection's own conversion has them leave it.
 */
function withJsonSets(knex: Knex, model: Model | null, row: Record<string, unknown>) {
  const written: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (!key.includes(':')) {
      written[key] = value;
      continue;
    }
    const { column, access } = parseUnescaped(key);
    const isSql = isSqlValue(value);
    written[column] = knex.raw(
      `jsonb_set(??, ${jsonPathLiteral(access)}, ${isSql ? 'to_jsonb(?)' : '?'}, true)`,
      [written[column] ?? column, isSql ? value : JSON.stringify(value)] as Knex.RawBinding[],
    );
    if (model) delete (model as unknown as Record<string, unknown>)[key];
  }
  return written;
}

function writeSafely(
  operation: RowWriteOperation,
  builder: AnyQueryBuilder,
): Record<string, unknown> {
  const model = operation.model!;
  const row = (model.$toDatabaseJson as (builder: AnyQueryBuilder) => Record<string, unknown>).call(
    model,
    builder,
  );
  return withJsonSets(builder.knex(), model, row);
}

let isInstalled = false;

/**
 * Objection 3.1.5 puts the keys of JSON field expressions into its SQL as they are: a `'` in a
 * key of `ref('data:key')` (in a where, a select, an order), of a `whereJson*` method or of a
 * patch, update or merge with field-expression keys (`{ 'data:key': 1 }`) ends the string literal
 * and lets the rest of the key run as SQL (objection#2077); a `"` in the column of a
 * `whereJson*` method does the same to the identifier. Installed once, process-wide (the keys
 * reach Objection's SQL from shared functions of Objection's, not from a builder of the layer's),
 * this makes Objection write every such key escaped: quotes doubled inside the literal, the
 * keys that PostgreSQL's array syntax would split quoted as array elements, `?` kept from knex's
 * placeholders. Keys without any of these give the very SQL Objection gave.
 *
 * @example
 * escapeJsonFieldKeys();
 * Doc.query().where(ref("data:it's").castText(), 'x'); // … CAST("data"#>>'{it''s}' AS text) = ?
 */
export function escapeJsonFieldKeys(): void {
  if (isInstalled) return;
  isInstalled = true;

  referencePrototype._createReferenceSql = referenceSql;

  // The whereJson* methods build their SQL from what the parser returns.
  fieldExpressionParser.parseFieldExpression = (expression) => {
    const parsed = parseUnescaped(expression);
    return {
      ...parsed,
      columnName: parsed.columnName
        .split('.')
        .map((part) => quotedIdentifier(part).slice(1, -1))
        .join('.'),
      access: parsed.access.map((step) => ({
        ...step,
        ref:
          typeof step.ref === 'number' ? step.ref : quotedText(arrayElement(step.ref)).slice(1, -1),
      })),
    };
  };

  updateOperationPrototype.onBuildKnex = function (knexBuilder, builder) {
    return knexBuilder.update(writeSafely(this, builder));
  };
  const merge = mergeOperationPrototype.onBuildKnex;
  mergeOperationPrototype.onBuildKnex = function (knexBuilder, builder) {
    // Right after onConflict(), knex's builder can merge; Objection reports it otherwise.
    const conflict = knexBuilder as unknown as { merge?(row: object): Knex.QueryBuilder };
    if (!this.model || typeof conflict.merge !== 'function') {
      return merge.call(this, knexBuilder, builder);
    }
    return conflict.merge(writeSafely(this, builder));
  };
}
