import { LayerError } from '../lib';
import { Shop } from '../models';

/** The README's typed-errors example: one error handler for every failure, on every database. */
export async function typedErrors() {
  await Shop.query().insert({ name: 'Green Grocer' });

  // #region readme
  // What an HTTP error handler sends for any error the layer throws.
  function toResponse(error: unknown) {
    if (!(error instanceof LayerError)) throw error;
    return { status: error.statusCode, body: { code: error.code, message: error.message } };
  }

  const duplicate = await Shop.query().insert({ name: 'Green Grocer' }).catch(toResponse);
  // { status: 409, body: { code: 'UNIQUE_VIOLATION', message: 'Another row in shops has the same name' } }

  const missing = await Shop.query().findById(404).throwIfNotFound().catch(toResponse);
  // { status: 404, body: { code: 'NOT_FOUND', message: 'Shop not found' } }

  const invalid = await Shop.query().insert({ name: '' }).catch(toResponse);
  // { status: 400, body: { code: 'VALIDATION_FAILED', message: 'Shop is invalid: name: must NOT have fewer than 1 characters' } }
  // #endregion
  return { duplicate, missing, invalid };
}
