import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import { demoKnexConfig } from '../../demo';
import { startServer } from '../../http';
import { sqliteScratchUrl } from '../support/dialects';

const ROOT = path.resolve(__dirname, '..', '..');

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ port, path: urlPath, agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('HTTP | server start-up and graceful shutdown', function () {
  this.timeout(60_000);

  it('finishes the requests in flight when stopped, then refuses new connections', async () => {
    let arrive: () => void = () => undefined;
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const app = express();
    app.get('/slow', async (_req, res) => {
      arrive();
      await new Promise<void>((resolve) => (release = resolve));
      res.send('done');
    });
    const running = await startServer(app, { port: 0, logger: pino({ level: 'silent' }) });

    const inFlight = get(running.port, '/slow');
    await arrived;
    const stopped = running.stop();
    release();

    expect(await inFlight).to.deep.equal({ status: 200, body: 'done' });
    await stopped;
    const error = await get(running.port, '/slow').catch((e: NodeJS.ErrnoException) => e);
    expect(error).to.have.property('code', 'ECONNREFUSED');
  });

  describe('npm start', function () {
    // npm start builds dist/ first (prestart): the compiler takes a while on a busy machine.
    this.timeout(180_000);
    let child: ChildProcess | undefined;

    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });

    it('migrates, seeds, serves /health, and exits 0 on SIGTERM', async () => {
      const lines: Array<Record<string, unknown>> = [];
      child = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: sqliteScratchUrl('server'), PORT: '0' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
      const port = await new Promise<number>((resolve, reject) => {
        let buffered = '';
        child!.stdout!.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const complete = buffered.split('\n');
          buffered = complete.pop() ?? '';
          for (const line of complete) {
            const entry = JSON.parse(line) as Record<string, unknown>;
            lines.push(entry);
            if (typeof entry.port === 'number') resolve(entry.port);
          }
        });
        void exited.then((code) => reject(new Error(`npm start exited with ${code}`)));
      });

      const source = demoKnexConfig('sqlite::memory:').migrations?.migrationSource;
      const migrations = (await source?.getMigrations([]))?.length;
      const health = await get(port, '/health');
      const shops = await get(port, '/shops');
      child.kill('SIGTERM');

      expect(await exited).to.equal(0);
      expect(health).to.deep.equal({ status: 200, body: '{"status":"ok"}' });
      expect(JSON.parse(shops.body)).to.include({ total: 3 });
      expect(lines.map((line) => line.msg)).to.deep.equal([
        `database ready: ${migrations} new migration(s), demo data loaded`,
        `listening on http://localhost:${port}`,
        'GET /health 200',
        'GET /shops 200',
        'shutting down',
        'stopped',
      ]);
    });
  });
});
