import type { Knex } from 'knex';
import { ConsistencyScope, routingContext } from './consistency';
import { isRead } from './read-classification';
import type { Replica } from './replica';
import { isRerunOnPrimary, markRerunOnPrimary, replicaFailureOf } from './replica-failures';
import type { ReplicaSet } from './replica-set';

/** What a statement or transaction is, for routing: where it may go, and whether it writes. */
type Purpose = 'read' | 'read-on-primary' | 'write';

// The knex client methods routing replaces, as knex's Client declares them.
interface ClientMethods {
  runner(builder: unknown): { run(): Promise<unknown> };
  transaction(container: unknown, config?: Knex.TransactionConfig, outerTx?: unknown): unknown;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  emit(event: string | symbol, ...args: unknown[]): boolean;
}
type RoutableClient = Omit<Knex.Client, keyof ClientMethods> & ClientMethods;

function transactionPurpose(
  config: Knex.TransactionConfig | undefined,
  isOnPrimary: boolean,
): Purpose {
  if (config?.readOnly !== true) return 'write';
  // A standby refuses SERIALIZABLE: such a transaction reads on the primary.
  if (isOnPrimary || config.isolationLevel === 'serializable') return 'read-on-primary';
  return 'read';
}

/**
 * Makes every statement of `knex` choose its server: a plain read outside a transaction, and
 * every statement of a read-only transaction, on a replica when one may answer (see
 * `ReplicaSet.replicaFor`); everything else on the primary. Each statement or transaction runs
 * on a view of the primary's client that differs only in where it takes its connection from,
 * so knex's events, the query recorder and the request counters see every statement as before.
 */
export function routeThroughReplicas(knex: Knex, replicaSet: ReplicaSet): void {
  // eslint-disable-next-line no-restricted-syntax -- knex's typings leave out the client's runner and transaction methods the routing wraps
  const client = knex.client as unknown as RoutableClient;
  const runner = client.runner.bind(client);
  const transaction = Object.getPrototypeOf(client).transaction as ClientMethods['transaction'];
  const baseRunner = Object.getPrototypeOf(client).runner as ClientMethods['runner'];
  // Outside any consistency scope, the whole process is one.
  const processScope = new ConsistencyScope();
  const currentPosition = () => replicaSet.currentPosition();

  function viewFor(purpose: Purpose, scope: ConsistencyScope): RoutableClient {
    const view = Object.create(client) as RoutableClient;
    let replica: Replica | undefined;
    view.runner = baseRunner;
    view.transaction = transaction;
    view.acquireConnection = async () => {
      const chosen =
        purpose === 'read'
          ? await replicaSet.replicaFor(await scope.requiredPosition())
          : undefined;
      if (chosen) {
        try {
          const connection: unknown = await chosen.knex.client.acquireConnection();
          replica = chosen;
          return connection;
        } catch (error) {
          // Unreachable: out of rotation, and this statement goes to the primary.
          chosen.markDown(error);
        }
      }
      return client.acquireConnection();
    };
    view.releaseConnection = async (connection) => {
      if (replica) return replica.knex.client.releaseConnection(connection);
      const released = await client.releaseConnection(connection);
      // Committed, rolled back or failed: its position is asked for at the next read.
      if (purpose === 'write') scope.noteWrite(currentPosition);
      return released;
    };
    view.emit = (event: string | symbol, ...args: unknown[]) => {
      if (event === 'query-error' && replica) {
        const failure = replicaFailureOf(replica.positions, args[0]);
        if (failure) markRerunOnPrimary(args[0]);
        if (failure === 'down') replica.markDown(args[0]);
      }
      return client.emit(event, ...args);
    };
    return view;
  }

  client.runner = function routedRunner(builder: unknown) {
    if ((builder as { _connection?: unknown })._connection) return runner(builder);
    const { scope = processScope, isOnPrimary } = routingContext();
    if (!isRead(builder)) return baseRunner.call(viewFor('write', scope), builder);
    if (isOnPrimary) return baseRunner.call(viewFor('read-on-primary', scope), builder);
    const onReplica = baseRunner.call(viewFor('read', scope), builder);
    const run = onReplica.run.bind(onReplica);
    // A read the replica failed runs again on the primary: no request fails for a replica.
    onReplica.run = () =>
      run().catch((error: unknown) => {
        if (!isRerunOnPrimary(error)) throw error;
        return baseRunner.call(viewFor('read-on-primary', scope), builder).run();
      });
    return onReplica;
  };

  client.transaction = function routedTransaction(
    container: unknown,
    config?: Knex.TransactionConfig,
    outerTx?: unknown,
  ) {
    if (outerTx || config?.connection) return transaction.call(client, container, config, outerTx);
    const { scope = processScope, isOnPrimary } = routingContext();
    const purpose = transactionPurpose(config, isOnPrimary);
    return transaction.call(viewFor(purpose, scope), container, config, outerTx);
  };
}
