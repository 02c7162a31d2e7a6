import Module from 'node:module';
import path from 'node:path';
import type { Knex } from 'knex';
import type * as Layer from '../../lib';
import { parityEnvOf } from './parity-env';

// Loaded with `--require` into the mocha process that runs Objection's integration suite. It
// makes the checkout's suite run on the project's own packages, so that the suite and the layer
// share one objection instance (and `instanceof` checks agree), and on the database the runner
// chose; in the layer mode, the models TestSession builds extend the layer's BaseModel.

const env = parityEnvOf(process.env);
const checkout = path.resolve(env.checkout);
const checkoutLib = path.join(checkout, 'lib') + path.sep;
const testSessionFile = path.join(checkout, 'testUtils', 'TestSession.js');
const projectRoot = path.resolve(__dirname, '..', '..');
const objectionLib = path.dirname(require.resolve('objection', { paths: [projectRoot] }));
const objectionMain = require.resolve('objection', { paths: [projectRoot] });

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: object): string;
  _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
}
const internals = Module as unknown as ModuleInternals;
const resolveFilename = internals._resolveFilename.bind(Module);
const load = internals._load.bind(Module);

function isInCheckout(parent: unknown): boolean {
  const filename = (parent as { filename?: unknown } | undefined)?.filename;
  return typeof filename === 'string' && filename.startsWith(checkout + path.sep);
}

function isPackageName(request: string): boolean {
  return !request.startsWith('.') && !path.isAbsolute(request) && !request.startsWith('node:');
}

// The suite's own test dependencies come from this folder's node_modules, everything else
// (knex, pg, sqlite3) from the project's; Objection's sources in the checkout are swapped for the
// identical files of the project's installed objection 3.1.5.
internals._resolveFilename = (request, parent, isMain, options) => {
  if (isInCheckout(parent) && isPackageName(request) && !Module.isBuiltin(request)) {
    return resolveFilename(request, parent, isMain, { paths: [__dirname, projectRoot] });
  }
  const resolved = resolveFilename(request, parent, isMain, options);
  if (!resolved.startsWith(checkoutLib)) return resolved;
  return path.join(objectionLib, path.relative(checkoutLib, resolved));
};

/** The knex configuration the suite's config for `env.client` is rewritten to. */
function databaseConfig(): Partial<Knex.Config> {
  if (env.client === 'sqlite3') return { connection: { filename: env.sqliteFile } };
  const url = new URL(env.postgresUrl);
  return {
    client: env.client,
    connection: {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)),
    },
  };
}

type TestSessionClass = new (options: { knexConfig: Knex.Config }) => object;

/**
 * TestSession with its database swapped for the runner's. The suite's index.js names its
 * describe block after `knexConfig.client` once the session is made, so the rewrite (in place)
 * also names the block after the client under test.
 */
function onRunnersDatabase(TestSession: TestSessionClass): TestSessionClass {
  return class extends TestSession {
    constructor(options: { knexConfig: Knex.Config }) {
      Object.assign(options.knexConfig, databaseConfig());
      super(options);
    }
  };
}

let testSession: TestSessionClass | undefined;
let objectionForTestSession: object | undefined;

/**
 * What TestSession gets for `require('../')` in the layer mode: objection, with `Model` a base
 * class extending the layer's BaseModel, configured as a codebase moving from Objection would
 * configure it: the suite's tables have no `created_at`/`updated_at` columns.
 */
function objectionWithLayerModel(): object {
  const objection = load(objectionMain, undefined, false) as object;
  // Loaded here, through ts-node, only in the layer mode: the baseline never loads the layer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BaseModel } = require('../../lib') as typeof Layer;
  class ObjectionSuiteModel extends BaseModel {
    static override hasTimestamps = false;
  }
  return { ...objection, Model: ObjectionSuiteModel };
}

internals._load = (request, parent, isMain) => {
  const loaded = load(request, parent, isMain);
  if (Module.isBuiltin(request)) return loaded;
  const resolved = internals._resolveFilename(request, parent, isMain);
  if (resolved === testSessionFile) {
    testSession ??= onRunnersDatabase(loaded as TestSessionClass);
    return testSession;
  }
  if (env.mode === 'layer' && parent?.filename === testSessionFile && resolved === objectionMain) {
    objectionForTestSession ??= objectionWithLayerModel();
    return objectionForTestSession;
  }
  return loaded;
};

// The suite's index.js keeps the configurations whose client DATABASES names.
process.env.DATABASES = env.client === 'sqlite3' ? 'sqlite3' : 'postgres';
