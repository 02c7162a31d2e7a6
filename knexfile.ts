import type { Knex } from 'knex';
import { databaseUrl, knexConfig } from './lib/database/config';
import { maintenanceTimeoutsFromEnv } from './lib/database/timeouts';

// One knob: DATABASE_URL (unset → SQLite in data/dev.sqlite3). The application builds its
// connection from the same function, so the CLI and the app always use the same database; the
// CLI migrates and seeds without the statement limit a request has.
const config: Knex.Config = knexConfig(databaseUrl(), maintenanceTimeoutsFromEnv());

export = config;
