import { AsyncLocalStorage } from 'node:async_hooks';
import { laterOf, parseWalPosition, type WalPosition } from './wal-position';

/** Reads the primary's current WAL position: where a read must be to see every commit so far. */
export type CurrentPosition = () => Promise<WalPosition>;

// A position no replica reaches: the read goes to the primary.
const UNREACHABLE: WalPosition = (1n << 64n) - 1n;

/**
 * What one unit of work (an HTTP request, a `withConsistency` scope) has written, as a WAL
 * position its later reads must see. A write marks the scope as having an unsettled write when
 * it completes (its commit's position is not known yet); the next read asks the primary for its
 * current position, which is at or past that commit, and waits for a replica there.
 *
 * @example
 * await withConsistency(async () => currentConsistencyScope()?.requiredPosition()); // the scope's position
 */
export class ConsistencyScope {
  private settled: WalPosition | undefined;
  private pending: Promise<WalPosition | undefined>;
  private currentPosition: CurrentPosition | undefined;

  constructor(after?: WalPosition) {
    this.settled = after;
    this.pending = Promise.resolve(after);
  }

  /** A write of this scope completed (committed, rolled back or failed) on the primary. */
  noteWrite(currentPosition: CurrentPosition): void {
    this.currentPosition = currentPosition;
  }

  /**
   * The position a read that starts now must see: every write of the scope that completed before
   * this call is at or before it. Unreachable when the primary could not say (read there).
   */
  requiredPosition(): Promise<WalPosition | undefined> {
    const currentPosition = this.currentPosition;
    if (currentPosition) {
      this.currentPosition = undefined;
      const before = this.pending;
      this.pending = (async () => {
        const [, current] = await Promise.all([before, currentPosition()]);
        this.settled = laterOf(this.settled, current);
        return this.settled;
      })().catch(() => {
        // Unknown: this read goes to the primary, and the next one asks again.
        this.currentPosition ??= currentPosition;
        return UNREACHABLE;
      });
    }
    return this.pending;
  }

  /**
   * The position the scope is known to need (given, or read after its writes), without asking:
   * what a response hands the client to echo.
   */
  get knownPosition(): WalPosition | undefined {
    return this.settled;
  }

  /** The position this scope's writes so far are at, once asked for: what a client echoes. */
  async settledPosition(): Promise<WalPosition | undefined> {
    const position = await this.requiredPosition();
    return position === UNREACHABLE ? this.settled : position;
  }
}

interface RoutingContext {
  scope?: ConsistencyScope;
  isOnPrimary: boolean;
}

const context = new AsyncLocalStorage<RoutingContext>();

/** The scope and override in force where a statement is sent. */
export function routingContext(): RoutingContext {
  return context.getStore() ?? { isOnPrimary: false };
}

/**
 * Runs `work` as one unit of work for read-your-writes: once one of its writes has completed,
 * its reads go to a replica only if that replica has replayed the write (by WAL position),
 * otherwise to the primary. `after` (a WAL position in text form, such as a client echoed from
 * a response's `X-Consistent-After`) makes its reads see everything up to there too. Outside
 * any such scope, each database is one scope for the whole process.
 *
 * @example
 * const shop = await withConsistency(async () => {
 *   const created = await Shop.query().insert({ name: 'Green Grocer' });
 *   return Shop.query().findById(created.id); // the primary, or a replica that has it
 * });
 */
export function withConsistency<T>(
  work: () => Promise<T>,
  { after }: { after?: string | WalPosition } = {},
): Promise<T> {
  const position = typeof after === 'string' ? parseWalPosition(after) : after;
  if (typeof after === 'string' && position === undefined) {
    throw new TypeError(`"${after}" is not a WAL position (such as 16/B374D848)`);
  }
  const scope = new ConsistencyScope(position);
  return context.run({ scope, isOnPrimary: routingContext().isOnPrimary }, work);
}

/**
 * The consistency scope `work` runs in, for the HTTP layer to read its position from.
 *
 * @example
 * const position = await currentConsistencyScope()?.requiredPosition(); // for X-Consistent-After
 */
export function currentConsistencyScope(): ConsistencyScope | undefined {
  return context.getStore()?.scope;
}

/**
 * Runs `work` with every statement on the primary, reads included: for a read that must see the
 * latest commit of anyone, or SQL a replica cannot run (a function that writes).
 *
 * @example
 * const latest = await onPrimary(() => Shop.query().orderBy('id', 'desc').first());
 */
export function onPrimary<T>(work: () => Promise<T>): Promise<T> {
  return context.run({ scope: routingContext().scope, isOnPrimary: true }, work);
}
