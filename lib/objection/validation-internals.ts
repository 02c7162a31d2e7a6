import type { AjvValidator, Model, ModelClass } from 'objection';

/** Ajv's compiled check: whether `json` is valid; Objection calls it with the model as `this`. */
export type CompiledCheck = (this: Model, json: Record<string, unknown>) => boolean;

// What Objection 3.1.5's AjvValidator and model classes keep that its typings leave out.
interface AjvValidatorInternals {
  readonly ajvOptions: { coerceTypes?: unknown; removeAdditional?: unknown };
  getValidator(modelClass: ModelClass<Model>, jsonSchema: object, isPatch: boolean): CompiledCheck;
}

interface ModelClassInternals {
  getJsonSchema(): object | null | undefined;
  getValidator(): unknown;
}

function modelInternalsOf(modelClass: ModelClass<Model>): ModelClassInternals {
  return modelClass as unknown as ModelClassInternals;
}

/**
 * The validator `modelClass` validates with (its `createValidator()`, made once by Objection).
 *
 * @example
 * validatorOf(Shop) instanceof AjvValidator // true
 */
export function validatorOf(modelClass: ModelClass<Model>): unknown {
  return modelInternalsOf(modelClass).getValidator();
}

/**
 * The JSON schema of `modelClass` as Objection reads it (`jsonSchema`, after `$jsonSchema`
 * hooks), or null/undefined when it has none.
 *
 * @example
 * jsonSchemaOf(Shop)?.required // ['name']
 */
export function jsonSchemaOf(modelClass: ModelClass<Model>): object | null | undefined {
  return modelInternalsOf(modelClass).getJsonSchema();
}

/**
 * Whether an ajv validator writes back into what it checks: it coerces types or removes
 * additional properties.
 *
 * @example
 * rewritesInput(new AjvValidator({ onCreateAjv: () => {}, options: { coerceTypes: true } })) // true
 */
export function rewritesInput(validator: AjvValidator): boolean {
  const { coerceTypes, removeAdditional } = (validator as unknown as AjvValidatorInternals)
    .ajvOptions;
  return Boolean(coerceTypes) || Boolean(removeAdditional);
}

/**
 * Objection's own compiled check of `schema` for `modelClass`, from its validator's cache: the
 * full schema, or the patch form (no `required`).
 *
 * @example
 * compiledCheckOf(validator, Shop, schema, false).call(shop, { name: 'A' }) // true
 */
export function compiledCheckOf(
  validator: AjvValidator,
  modelClass: ModelClass<Model>,
  schema: object,
  isPatch: boolean,
): CompiledCheck {
  return (validator as unknown as AjvValidatorInternals).getValidator(modelClass, schema, isPatch);
}
