import { AjvValidator, Model, type ModelClass, type ModelOptions } from 'objection';
import { relationNamesOf } from '../objection/model-internals';
import { propsOf } from '../objection/model-props';
import {
  type CompiledCheck,
  compiledCheckOf,
  jsonSchemaOf,
  rewritesInput,
  validatorOf,
} from '../objection/validation-internals';
import { isStorableJson } from '../validation/storable-text';
import { LayerAjvValidator } from '../validation/layer-validator';

interface ClassChecks {
  /** `null` when only Objection's `$validate` does what the class asks for. */
  readonly full: CompiledCheck | null;
  readonly patch: CompiledCheck | null;
  readonly relationNames: ReadonlySet<string>;
  /** Whether the validator also refuses unstorable text (the layer's validator does). */
  readonly checksText: boolean;
}

const checksByClass = new WeakMap<ModelClass<Model>, ClassChecks>();

function hasDefaults(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(hasDefaults);
  if (typeof schema !== 'object' || schema === null) return false;
  return Object.entries(schema).some(([key, value]) => key === 'default' || hasDefaults(value));
}

/**
 * Whether validating a node of `modelClass` is exactly "run ajv's compiled schema on its own
 * properties": Objection's AjvValidator untouched, no `$beforeValidate`/`$afterValidate`/
 * `$validate` of the model's own, and nothing ajv would write back (defaults, coercion, removal).
 */
function isPlainAjv(modelClass: ModelClass<Model>, validator: unknown): boolean {
  const prototype = modelClass.prototype as Model;
  const base = Model.prototype;
  const ajvBase = AjvValidator.prototype;
  if (!(validator instanceof AjvValidator)) return false;
  return (
    prototype.$validate === base.$validate &&
    prototype.$beforeValidate === base.$beforeValidate &&
    prototype.$afterValidate === base.$afterValidate &&
    (validator.validate === ajvBase.validate ||
      validator.validate === LayerAjvValidator.prototype.validate) &&
    validator.beforeValidate === ajvBase.beforeValidate &&
    validator.afterValidate === ajvBase.afterValidate &&
    !rewritesInput(validator) &&
    !hasDefaults(jsonSchemaOf(modelClass))
  );
}

function checksOf(modelClass: ModelClass<Model>): ClassChecks {
  let checks = checksByClass.get(modelClass);
  if (!checks) {
    const validator = validatorOf(modelClass);
    const schema = jsonSchemaOf(modelClass);
    const compiled = (patch: boolean): CompiledCheck | null => {
      if (!isPlainAjv(modelClass, validator)) return null;
      if (!schema) return () => true;
      // Objection's own compiled validators, from its own cache.
      return compiledCheckOf(validator as AjvValidator, modelClass, schema, patch);
    };
    const relationNames = new Set(relationNamesOf(modelClass));
    const checksText = validator instanceof LayerAjvValidator;
    checks = { full: compiled(false), patch: compiled(true), relationNames, checksText };
    checksByClass.set(modelClass, checks);
  }
  return checks;
}

function isValidated(key: string, relationNames: ReadonlySet<string>): boolean {
  return key[0] !== '$' && !relationNames.has(key);
}

/**
 * The properties Objection validates: own ones, without relations and `$` internals. A node
 * holding none of those (most do) is validated as it is, as Objection validates a model copy.
 */
function validatedJsonOf(node: Model, relationNames: ReadonlySet<string>) {
  const props = propsOf(node);
  const keys = Object.keys(node);
  if (keys.every((key) => isValidated(key, relationNames))) return props;
  const json: Record<string, unknown> = {};
  for (const key of keys) if (isValidated(key, relationNames)) json[key] = props[key];
  return json;
}

/**
 * Validates one node of a graph write as Objection's `$validate` does (full schema, or without
 * `required` for a patch; errors under the node's `dataPath`, `products[2].price`), without its
 * per-call cost: a valid node only runs ajv's compiled check on its properties (and the layer's
 * check for unstorable text, see `LayerAjvValidator`); an invalid one,
 * or a model that customises validation, goes through `$validate`, which throws the error.
 *
 * @example
 * validateNode(product, { dataPath: '.products[2]' }); // throws ValidationFailedError if invalid
 */
export function validateNode(node: Model, options: { patch?: boolean; dataPath: string }): void {
  const checks = checksOf(node.constructor as ModelClass<Model>);
  const check = options.patch ? checks.patch : checks.full;
  if (check) {
    const json = validatedJsonOf(node, checks.relationNames);
    const isStorable = !checks.checksText || isStorableJson(json);
    if (check.call(node, json) && isStorable) return;
  }
  // Objection reads `dataPath` to prefix error paths; its typings omit it.
  node.$validate(undefined, options as ModelOptions);
}
