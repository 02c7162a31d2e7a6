import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { answerClientError } from './client-errors';

/** A listening server and the way to stop it gracefully. */
export interface RunningServer {
  server: http.Server;
  port: number;
  /**
   * Stops gracefully: no new connection is accepted; idle keep-alive connections are closed at
   * once; every request still running, or arriving on a connection that was open, is answered
   * with `Connection: close`, so each connection closes after its response; the returned
   * promise resolves once the last one has. Requests still running after `shutdownTimeoutMs`
   * are cut, as a last resort. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** The port to listen on; 0 picks a free one (read it from `RunningServer.port`). */
  port: number;
  host?: string;
  logger: Logger;
  /** How long `stop()` waits for the requests in flight before cutting them. Default: 10 s. */
  shutdownTimeoutMs?: number;
}

/**
 * Serves `app` over HTTP. Requests Node's parser refuses (headers or URL over its size limit,
 * bytes that are not HTTP) are answered as problem documents too.
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
  server.on('clientError', answerClientError);

  const inFlight = new Set<http.ServerResponse>();
  let isStopping = false;
  // Before the app sees the request: while stopping, its response closes the connection.
  server.prependListener('request', (_req, res) => {
    inFlight.add(res);
    if (isStopping) res.setHeader('Connection', 'close');
    res.once('close', () => inFlight.delete(res));
    res.once('finish', () => {
      // A response that went out with keep-alive before the stop leaves its connection idle.
      if (isStopping) setImmediate(() => server.closeIdleConnections());
    });
  });

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
      isStopping = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const force = setTimeout(() => {
        logger.warn({ requests: inFlight.size }, 'shutdown grace period over: cutting requests');
        server.closeAllConnections();
      }, shutdownTimeoutMs).unref();
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
