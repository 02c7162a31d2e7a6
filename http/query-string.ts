import type { RequestHandler } from 'express';
import { MalformedRequestError } from '../lib';

/**
 * Refuses a query string that does not percent-decode (`?name=%ZZ`, a lone `%FF` that is not
 * UTF-8) with 400 `MALFORMED_REQUEST`. Express's parser keeps such a value as literal text, so
 * `?name=%ZZ` would otherwise filter on the three characters `%ZZ`.
 */
export const refuseMalformedQueryString: RequestHandler = (req, _res, next) => {
  const start = req.originalUrl.indexOf('?');
  if (start !== -1) {
    try {
      decodeURIComponent(req.originalUrl.slice(start + 1));
    } catch (error) {
      throw new MalformedRequestError(
        'The query string does not decode: every % must start an escape of UTF-8, such as %20',
        { cause: error },
      );
    }
  }
  next();
};
