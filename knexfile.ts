import type { Knex } from 'knex';
import { demoKnexConfig } from './demo';
import { databaseUrl } from './lib/database/config';
import { maintenanceTimeoutsFromEnv } from './lib/database/timeouts';

// The demo's database, from one knob: DATABASE_URL (unset → SQLite in data/dev.sqlite3), with
// the layer's migrations, then the demo's, and the demo's seed. The application builds its
// connection from the same function, so the CLI and the app always use the same database; the
// CLI migrates and seeds without the statement limit a request has.
const config: Knex.Config = demoKnexConfig(databaseUrl(), maintenanceTimeoutsFromEnv());

export = config;
