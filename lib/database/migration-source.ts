import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

/**
 * Where the layer's own migrations live (the audit trail's `deletions` table).
 *
 * @example
 * const knex = knexFactory({ ...config, migrations: { directory: [LAYER_MIGRATIONS_DIRECTORY, 'migrations'] } });
 */
export const LAYER_MIGRATIONS_DIRECTORY = path.resolve(__dirname, '..', 'migrations');

/** One migration file: its name (what `knex_migrations` records), its file and where it lives. */
export interface MigrationFile {
  name: string;
  file: string;
  directory: string;
}

// Files Node can load as a migration: JavaScript, and TypeScript where a loader such as ts-node
// is registered (the knex CLI registers one for a TypeScript knexfile). Never a declaration file
// or a source map, which a compiled package ships beside its JavaScript.
const LOADABLE = /\.(c?js|c?ts)$/;
const DECLARATION = /\.d\.c?ts$/;

function isMigrationFile(file: string): boolean {
  return LOADABLE.test(file) && !DECLARATION.test(file);
}

/**
 * The name knex records for `file`: its own, except that a migration compiled from TypeScript
 * (a `.js` file with the `.d.ts` tsc wrote beside it) is recorded by its source's name. So a
 * database migrated from the sources (ts-node) and later from the build (`node dist/…`) keeps one
 * history, where knex would call it corrupt for listing `x.ts` while the build has `x.js`.
 */
function recordedName(file: string, siblings: ReadonlySet<string>): string {
  const compiled = /^(.*)\.(c?)js$/.exec(file);
  if (compiled && siblings.has(`${compiled[1]}.d.${compiled[2]}ts`)) {
    return `${compiled[1]}.${compiled[2]}ts`;
  }
  return file;
}

function migrationsIn(directory: string): MigrationFile[] {
  const entries = fs.readdirSync(directory, { withFileTypes: true });
  const siblings = new Set(entries.map((entry) => entry.name));
  return entries
    .filter((entry) => entry.isFile() && isMigrationFile(entry.name))
    .map((entry) => ({ name: recordedName(entry.name, siblings), file: entry.name, directory }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

class DirectoriesMigrationSource implements Knex.MigrationSource<MigrationFile> {
  constructor(private readonly directories: readonly string[]) {}

  // knex's `loadExtensions` is ignored on purpose: its default lists `.ts`, which matches
  // `.d.ts` files too.
  async getMigrations(): Promise<MigrationFile[]> {
    const files = this.directories.flatMap(migrationsIn);
    const seen = new Map<string, string>();
    for (const { name, directory } of files) {
      const other = seen.get(name);
      if (other !== undefined) {
        throw new Error(
          `The migration ${name} is in both ${other} and ${directory}: knex records migrations ` +
            'by file name, so each name may appear once; rename one of them',
        );
      }
      seen.set(name, directory);
    }
    return files;
  }

  getMigrationName(migration: MigrationFile): string {
    return migration.name;
  }

  async getMigration(migration: MigrationFile): Promise<Knex.Migration> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- knex's loaders do the same
    return require(path.join(migration.directory, migration.file)) as Knex.Migration;
  }
}

/**
 * The `migrations` part of a knex configuration that runs the layer's own migrations first,
 * then those of each directory in `directories`, in that order, each directory's files sorted
 * by name. A directory holds `.js` or `.ts` migrations (`.ts` needs a loader such as ts-node,
 * which the knex CLI registers for a TypeScript knexfile); declaration files (`.d.ts`) and
 * source maps are never taken for migrations. Use it as it is: knex drops a migration source
 * when `directory`, `loadExtensions` or `sortDirsSeparately` is set beside it.
 *
 * @example
 * import { DEMO_MIGRATIONS_DIRECTORY } from 'relational-layer/demo';
 * const config: Knex.Config = {
 *   ...knexConfig(process.env.DATABASE_URL),
 *   migrations: migrationsConfig([DEMO_MIGRATIONS_DIRECTORY, path.join(__dirname, 'migrations')]),
 * };
 */
export function migrationsConfig(directories: readonly string[] = []): Knex.MigratorConfig {
  return {
    migrationSource: new DirectoriesMigrationSource([
      LAYER_MIGRATIONS_DIRECTORY,
      ...directories.map((directory) => path.resolve(directory)),
    ]),
  };
}
