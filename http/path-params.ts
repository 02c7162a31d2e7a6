import { ValidationFailedError } from '../lib';

const POSITIVE_INTEGER = /^[1-9]\d*$/;

/** The `:id` of a path as a number; anything but a positive integer is a 400, not a lookup. */
export function parseId(raw: unknown): number {
  const id = Number(raw);
  if (typeof raw !== 'string' || !POSITIVE_INTEGER.test(raw) || !Number.isSafeInteger(id)) {
    throw new ValidationFailedError([{ path: 'id', message: 'must be a positive integer' }], {
      model: 'The path',
    });
  }
  return id;
}
