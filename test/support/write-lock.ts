import { spawn } from 'node:child_process';
import path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '../..');

// What another process on the same file does: takes the write lock (BEGIN IMMEDIATE), runs the
// statements it is given, says so, and commits `ms` later. better-sqlite3 keeps the script
// short; the lock is the file's, whichever driver the process under test uses.
const HOLDER = `
const Database = require('better-sqlite3');
const [file, ms, sql] = process.argv.slice(1);
const db = new Database(file);
db.exec('BEGIN IMMEDIATE');
if (sql) db.exec(sql);
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(ms));
`;

/**
 * Holds the write lock of the SQLite file `file` from another process for `ms`, after running
 * `sql` in its transaction; resolves once that process holds the lock. Another process, not a
 * second connection of this one: better-sqlite3 waits for a lock synchronously, so a holder in
 * the same process could never let go while the test waits.
 *
 * @example
 * const { released } = await holdWriteLockElsewhere(file, 600);
 * await knex('shops').insert({ name: 'Waits' }); // waits ~600 ms for the lock
 * await released;
 */
export async function holdWriteLockElsewhere(
  file: string,
  ms: number,
  sql = '',
): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ['-e', HOLDER, file, String(ms), sql], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the lock holder exited with ${code}`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    released.catch(reject);
  });
  return { released };
}
