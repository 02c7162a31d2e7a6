import net from 'node:net';

/** What the proxy does with the traffic between the clients and the server. */
export type ProxyMode = 'open' | 'frozen' | 'refusing';

/**
 * A TCP proxy of the test's own, on 127.0.0.1, in front of one server: it lets the traffic
 * through (`open`), holds every byte in both directions while accepting new connections
 * (`frozen`: a server that stopped answering), or cuts every connection and refuses new ones
 * (`refusing`: a server that went away). Nothing of the server behind it is touched.
 */
export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  /** Switches mode; `open` after `frozen` delivers what was held, in order. */
  setMode(mode: ProxyMode): Promise<void>;
  /** How many client connections are open through the proxy right now. */
  connectionCount(): number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  /** Bytes held while frozen, in both directions, to deliver in order on thaw. */
  held: Array<{ to: net.Socket; chunk: Buffer }>;
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/**
 * Starts a proxy to `target` (`host:port`) on a free port of 127.0.0.1.
 *
 * @example
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
 * const knex = createKnex(proxy.urlFor(POSTGRES_URL));
 * await proxy.setMode('frozen');
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'open';

  const forward = (pair: Pair, to: net.Socket) => (chunk: Buffer) => {
    if (mode === 'frozen') pair.held.push({ to, chunk });
    else to.write(chunk);
  };

  const accept = (client: net.Socket) => {
    if (mode === 'refusing') {
      client.destroy();
      return;
    }
    const server = net.connect(target.port, target.host);
    const pair: Pair = { client, server, held: [] };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('data', forward(pair, server));
    server.on('data', forward(pair, client));
    for (const socket of [client, server]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  };

  let listener = net.createServer(accept);
  const port = await listen(listener, 0);

  const proxy: TcpProxy = {
    port,
    get mode() {
      return mode;
    },
    urlFor(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    async setMode(next) {
      const previous = mode;
      mode = next;
      if (next === 'refusing') {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.server.destroy();
        }
        pairs.clear();
        await new Promise<void>((resolve) => listener.close(() => resolve()));
      } else if (previous === 'refusing') {
        listener = net.createServer(accept);
        await listen(listener, port);
      }
      if (next === 'open') {
        for (const pair of pairs) {
          for (const { to, chunk } of pair.held.splice(0)) to.write(chunk);
        }
      }
    },
    connectionCount: () => pairs.size,
    close: () => proxy.setMode('refusing'),
  };
  return proxy;
}
