/** The knex clients the parity run covers: SQLite, and PostgreSQL under both of its names. */
export const CLIENTS = ['sqlite3', 'pg', 'postgres'] as const;
export type Client = (typeof CLIENTS)[number];

/** `baseline`: the suite on vanilla Objection; `layer`: TestSession's models on BaseModel. */
export const MODES = ['baseline', 'layer'] as const;
export type Mode = (typeof MODES)[number];

/** What the runner tells the mocha process it starts for one client and mode. */
export interface ParityEnv {
  checkout: string;
  client: Client;
  mode: Mode;
  sqliteFile: string;
  postgresUrl: string;
  /** Where the result reporter writes the outcome of every test, as JSON. */
  resultsFile: string;
}

const NAMES: Record<keyof ParityEnv, string> = {
  checkout: 'PARITY_CHECKOUT',
  client: 'PARITY_CLIENT',
  mode: 'PARITY_MODE',
  sqliteFile: 'PARITY_SQLITE_FILE',
  postgresUrl: 'PARITY_POSTGRES_URL',
  resultsFile: 'PARITY_RESULTS_FILE',
};

/** The environment variables carrying `env` to the mocha process. */
export function parityEnvVariables(env: ParityEnv): Record<string, string> {
  const entries = Object.entries(NAMES) as Array<[keyof ParityEnv, string]>;
  return Object.fromEntries(entries.map(([key, name]) => [name, env[key]]));
}

/** Reads back what `parityEnvVariables` set; throws on a variable missing or out of range. */
export function parityEnvOf(variables: NodeJS.ProcessEnv): ParityEnv {
  const read = (key: keyof ParityEnv): string => {
    const value = variables[NAMES[key]];
    if (value === undefined) throw new Error(`${NAMES[key]} is not set: start this with run.ts`);
    return value;
  };
  const client = read('client') as Client;
  const mode = read('mode') as Mode;
  if (!CLIENTS.includes(client)) throw new Error(`unknown knex client ${client}`);
  if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}`);
  return {
    checkout: read('checkout'),
    client,
    mode,
    sqliteFile: read('sqliteFile'),
    postgresUrl: read('postgresUrl'),
    resultsFile: read('resultsFile'),
  };
}
