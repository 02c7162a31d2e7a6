import type { AnyQueryBuilder, Model, UpsertGraphOptions } from 'objection';

/** Carries out a graph write once its query executes, after the query's before-hooks. */
export type GraphRun = (executing: AnyQueryBuilder) => Promise<unknown>;

/** The graph write of an `insertGraph`, `upsertGraph` or `…AndFetch` builder. */
export interface GraphWrite {
  readonly method: 'insertGraph' | 'upsertGraph';
  /** The roots, as Objection built them from the input (not validated yet). */
  readonly objects: Model[];
  /** Whether the input was an array (the result is then one too). */
  readonly isArray: boolean;
  /** The caller's options, as a plain object. */
  options(): UpsertGraphOptions;
  /** Replaces the options Objection's own run reads (an upsert's only). */
  setOptions(options: UpsertGraphOptions): void;
}

/** How the layer runs a graph write instead: given Objection's own run, to call or not. */
export type GraphRunReplacement = (
  executing: AnyQueryBuilder,
  write: GraphWrite,
  objectionRun: GraphRun,
) => Promise<unknown>;

// Objection 3.1.5's `GraphUpsert` (it carries out both graph writes) and the operations that
// hold it, which its typings leave out.
interface GraphUpsertInternals {
  objects: Model[];
  isArray: boolean;
  /** The caller's options, or (in a nested upsert) a `GraphOptions` instance holding them. */
  upsertOpt: UpsertGraphOptions | GraphOptionsInstance | undefined;
  run(builder: AnyQueryBuilder): Promise<unknown>;
}

interface GraphOptionsInstance {
  options: UpsertGraphOptions;
  rebasedOptions(node: unknown): GraphOptionsInstance;
}

interface GraphOperationInternals {
  readonly name: string;
  /** The caller's options of an `insertGraph` (its `GraphUpsert` holds them merged). */
  readonly upsertOptions?: UpsertGraphOptions;
  readonly upsert?: GraphUpsertInternals | null;
  /** The `…AndFetch` forms hand every hook to the write they wrap. */
  readonly delegate?: GraphOperationInternals;
}

interface OperationFinder {
  findOperation(selector: RegExp): GraphOperationInternals | null;
}

function isGraphOptionsInstance(options: object): options is GraphOptionsInstance {
  return typeof (options as Partial<GraphOptionsInstance>).rebasedOptions === 'function';
}

function graphOperationOf(builder: AnyQueryBuilder): GraphOperationInternals | undefined {
  const operation = (builder as unknown as OperationFinder).findOperation(
    /^(insert|upsert)Graph(AndFetch)?$/,
  );
  const write = operation?.delegate?.upsert ? operation.delegate : operation;
  return write?.upsert ? write : undefined;
}

function graphWriteFrom(operation: GraphOperationInternals, upsert: GraphUpsertInternals) {
  const method = operation.name.startsWith('insert') ? 'insertGraph' : 'upsertGraph';
  return {
    method,
    objects: upsert.objects,
    isArray: upsert.isArray,
    options() {
      if (method === 'insertGraph') return operation.upsertOptions ?? {};
      // A nested upsert is given a `GraphOptions` instance, whose options are lost if spread.
      const options = upsert.upsertOpt ?? {};
      return isGraphOptionsInstance(options) ? options.options : options;
    },
    setOptions(options: UpsertGraphOptions) {
      upsert.upsertOpt = options;
    },
  } as const satisfies GraphWrite;
}

/**
 * The graph write of `builder`, if it is one.
 *
 * @example
 * graphWriteOf(Shop.query().upsertGraph({ id: 1 }, { relate: true }))?.options() // { relate: true }
 */
export function graphWriteOf(builder: AnyQueryBuilder): GraphWrite | undefined {
  const operation = graphOperationOf(builder);
  return operation?.upsert ? graphWriteFrom(operation, operation.upsert) : undefined;
}

const replacementsByUpsert = new WeakMap<GraphUpsertInternals, Set<GraphRunReplacement>>();

/**
 * Makes the graph write of `builder` run through `replacement`, which is given the executing
 * builder, the write and Objection's own run (the one before any replacement). Replacing with
 * the same function again changes nothing, so a method that wraps another may ask for it too.
 * Whether `builder` has a graph write.
 *
 * @example
 * replaceGraphRun(builder, (executing, write, objectionRun) => objectionRun(executing));
 */
export function replaceGraphRun(
  builder: AnyQueryBuilder,
  replacement: GraphRunReplacement,
): boolean {
  const operation = graphOperationOf(builder);
  const upsert = operation?.upsert;
  if (!operation || !upsert) return false;
  let replacements = replacementsByUpsert.get(upsert);
  if (!replacements) replacementsByUpsert.set(upsert, (replacements = new Set()));
  if (replacements.has(replacement)) return true;
  replacements.add(replacement);
  const objectionRun = upsert.run.bind(upsert);
  const write = graphWriteFrom(operation, upsert);
  upsert.run = (executing) => replacement(executing, write, objectionRun);
  return true;
}
