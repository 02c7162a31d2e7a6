import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on now (the system picks it), not one of `taken`. */
export async function freePort(taken: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: picked } = server.address() as net.AddressInfo;
        server.close(() => resolve(picked));
      });
    });
    if (!taken.includes(port)) return port;
  }
}
