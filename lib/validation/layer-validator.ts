import { AjvValidator, type Model, type Validator } from 'objection';
import { relationNamesOf } from '../objection/model-internals';
import { type FieldError, ValidationFailedError } from '../errors';
import { unstorableTextErrors } from './storable-text';

type ValidatorArgs = Parameters<Validator['validate']>[0];

/** The properties of a node that are its own columns: not relations, not `$` internals. */
function ownColumnsOf(json: object, model: Model): object {
  const relationNames = relationNamesOf(model.constructor as typeof Model);
  return Object.fromEntries(
    Object.entries(json).filter(([key]) => key[0] !== '$' && !relationNames.includes(key)),
  );
}

/**
 * Objection's ajv validator, plus the check ajv cannot express for every string property at
 * once: text that cannot be stored as it is (`unstorableTextReason`: NUL characters, lone
 * surrogates). Both kinds of failure come out together, as one `ValidationFailedError` naming
 * every field.
 */
export class LayerAjvValidator extends AjvValidator {
  override validate(args: ValidatorArgs): object {
    const dataPath = (args.options as { dataPath?: string }).dataPath ?? '';
    const textErrors = unstorableTextErrors(ownColumnsOf(args.json, args.model), dataPath);
    if (textErrors.length === 0) return super.validate(args);
    let schemaErrors: FieldError[] = [];
    try {
      super.validate(args);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      schemaErrors = error.errors;
    }
    throw new ValidationFailedError([...schemaErrors, ...textErrors], {
      model: args.model.constructor.name,
    });
  }
}
