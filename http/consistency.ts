import type { RequestHandler } from 'express';
import {
  currentConsistencyScope,
  formatWalPosition,
  MalformedRequestError,
  parseWalPosition,
  withConsistency,
} from '../lib';

/**
 * The response header that carries the WAL position a client's later requests must read at or
 * past, and the request header in which the client echoes it.
 */
export const CONSISTENT_AFTER = 'X-Consistent-After';

/**
 * Runs each request as one unit of work for read-your-writes (`withConsistency`): its reads see
 * its own writes, and everything up to the position its `X-Consistent-After` header echoes.
 * Every response carries the position the request's reads needed or its writes reached, in the
 * same header, so that a client that echoes the last one it received reads its own writes, on
 * a lagging replica too. A header that is not a WAL position is a 400.
 */
export function readYourWrites(): RequestHandler {
  return (req, res, next) => {
    const echoed = req.get(CONSISTENT_AFTER);
    const after = echoed === undefined ? undefined : parseWalPosition(echoed);
    if (echoed !== undefined && after === undefined) {
      throw new MalformedRequestError(
        `${CONSISTENT_AFTER} "${echoed}" is not a WAL position (such as 16/B374D848)`,
      );
    }
    void withConsistency(
      async () => {
        const scope = currentConsistencyScope();
        const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
        res.writeHead = ((...args: unknown[]) => {
          const position = scope?.knownPosition;
          if (position !== undefined) res.setHeader(CONSISTENT_AFTER, formatWalPosition(position));
          return writeHead(...args);
        }) as typeof res.writeHead;
        next();
      },
      { after },
    );
  };
}

/**
 * Waits until the current request knows the position of its writes (one round trip to the
 * primary after a write), so that its response can carry it.
 */
export async function settleWritePosition(): Promise<void> {
  await currentConsistencyScope()?.settledPosition();
}
