export {
  checkReplicas,
  createDatabase,
  replicaStatusOf,
  type DatabaseOptions,
} from './create-database';
export {
  currentConsistencyScope,
  onPrimary,
  withConsistency,
  type ConsistencyScope,
} from './consistency';
export { replicaRead } from './read-classification';
export type { ReplicaState, ReplicaStatus } from './replica';
export {
  DEFAULT_REPLICA_OPTIONS,
  replicaOptionsFromEnv,
  replicaUrlsFromEnv,
  type ReplicaOptions,
} from './replica-options';
export { formatWalPosition, parseWalPosition, type WalPosition } from './wal-position';
