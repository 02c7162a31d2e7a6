import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** A listening server and the way to stop it gracefully. */
export interface RunningServer {
  server: http.Server;
  port: number;
  /**
   * Stops accepting connections, lets the requests in flight finish (closing the idle
   * keep-alive connections at once, the busy ones after `shutdownTimeoutMs`), and resolves
   * when the server is closed. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** The port to listen on; 0 picks a free one (read it from `RunningServer.port`). */
  port: number;
  host?: string;
  logger: Logger;
  shutdownTimeoutMs?: number;
}

/**
 * Serves `app` over HTTP.
 *
 * @example
 * const running = await startServer(createApp({ knex }), { port: 3000, logger });
 * await running.stop();
 */
export async function startServer(
  app: http.RequestListener,
  { port, host, logger, shutdownTimeoutMs = 10_000 }: ServeOptions,
): Promise<RunningServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound }, `listening on http://localhost:${bound}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs).unref();
      server.close((error) => {
        clearTimeout(force);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
    }));
  return { server, port: bound, stop };
}

/**
 * On SIGTERM or SIGINT, runs `shutdown` once and lets the process end by itself: exit code 0
 * when everything closed, 1 when the shutdown failed.
 */
export function shutdownOnSignals(shutdown: () => Promise<void>, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    shutdown().then(
      () => logger.info('stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
