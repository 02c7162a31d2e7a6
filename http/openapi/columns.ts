import type { JSONSchema } from 'objection';
import { Model } from 'objection';
import type { ResourceModel } from '../options';
import type { Schema } from './schemas';

const DECIMALS_IN_WORDS = ['no', 'one', 'two', 'three', 'four'];

/** How many decimals a `multipleOf` such as 0.01 allows, or undefined for any other step. */
function decimalsOf(step: unknown): number | undefined {
  if (typeof step !== 'number' || !(step > 0 && step < 1)) return undefined;
  const decimals = Math.round(-Math.log10(step));
  return Math.abs(step - 10 ** -decimals) < Number.EPSILON ? decimals : undefined;
}

/**
 * A column's JSON schema as the document publishes it. A decimal step (`multipleOf: 0.01` on
 * money) is said in words instead: 19.99 / 0.01 is not an integer in floating point, so a
 * standard validator would refuse every price a client reads back. The server still refuses
 * 1.005, with a validator that allows for the rounding.
 */
export function publishedColumnSchema(schema: JSONSchema): Schema {
  const decimals = decimalsOf(schema.multipleOf);
  if (decimals === undefined) return { ...schema };
  const rest: Schema = { ...schema };
  delete rest.multipleOf;
  const amount = DECIMALS_IN_WORDS[decimals] ?? String(decimals);
  const said = `A number with ${amount} decimals at most; more are refused`;
  return { ...rest, description: schema.description ? `${schema.description}. ${said}` : said };
}

/**
 * The foreign-key columns a new row of `model` cannot do without: those of its BelongsToOne
 * relations whose schema does not allow null. A nested node gets them from its parent; a row
 * created on its own must carry them, or the database refuses it as NOT NULL.
 */
export function requiredForeignKeys(model: ResourceModel): string[] {
  const properties = model.jsonSchema?.properties ?? {};
  const keys = Object.values(model.getRelations())
    .filter((relation) => relation instanceof Model.BelongsToOneRelation)
    .flatMap((relation) => relation.ownerProp.props);
  return [...new Set(keys)].filter((key) => {
    const schema = properties[key];
    const types = typeof schema === 'object' ? [schema.type ?? []].flat() : [];
    return !types.includes('null');
  });
}
