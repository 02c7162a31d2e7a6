// autocannon ships no types; these cover the part of its API the benchmark uses.
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    /** Requests in all, instead of a duration. */
    amount?: number;
    /** Milliseconds between samples of the statistics. */
    sampleInt?: number;
  }

  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p97_5: number;
  }

  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    /** Seconds actually run. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  }

  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
