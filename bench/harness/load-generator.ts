import autocannon from 'autocannon';

// The load generator's own process: autocannon parses every response and keeps its histograms,
// work that would count as the server's CPU time if it ran in the server's process. The
// benchmark's process sends one load at a time (`LoadRequest`) and gets its result back.

/** A bounded load: `requests` in all, from `connections` clients sending them back to back. */
export interface LoadRequest {
  readonly url: string;
  readonly connections: number;
  readonly requests: number;
}

export type LoadReply =
  | {
      readonly ok: true;
      readonly requests: number;
      readonly errors: number;
      readonly timeouts: number;
      readonly non2xx: number;
    }
  | { readonly ok: false; readonly message: string };

async function run({ url, connections, requests }: LoadRequest): Promise<LoadReply> {
  const result = await autocannon({
    url,
    connections,
    amount: requests,
    // autocannon notices the end of a load at its next sample: every second by default.
    sampleInt: 5,
  });
  return {
    ok: true,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

process.on('message', (request: LoadRequest) => {
  run(request).then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ ok: false, message: String(error) }),
  );
});
