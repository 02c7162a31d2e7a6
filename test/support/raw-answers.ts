import type { IncomingHttpHeaders } from 'node:http';
import { type CheckedResponse, contractBreach } from './openapi-contract';

/**
 * A response read without supertest: from `node:http` (to hold a kept-alive connection, send a
 * body in pieces) or from `fetch` (a server in another process, an app built from the package).
 */
export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders | Headers;
  readonly text: string;
}

// Fetched once per server and mount point: the document a server serves does not change.
const documents = new Map<string, Promise<Record<string, unknown>>>();

/** The OpenAPI document the API at `apiUrl` serves, fetched once. */
export function documentServedBy(apiUrl: string): Promise<Record<string, unknown>> {
  let document = documents.get(apiUrl);
  if (!document) {
    document = fetch(`${apiUrl}/openapi.json`).then(async (response) => {
      if (response.status !== 200)
        throw new Error(`${apiUrl}/openapi.json answers ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    });
    documents.set(apiUrl, document);
  }
  return document;
}

function headersOf(headers: IncomingHttpHeaders | Headers): CheckedResponse['headers'] {
  if (!(headers instanceof Headers)) return headers;
  return Object.fromEntries(headers.entries());
}

function bodyOf(answer: RawAnswer): unknown {
  const type = String(headersOf(answer.headers)['content-type'] ?? '');
  if (!/json/.test(type) || answer.text === '') return {};
  return JSON.parse(answer.text) as unknown;
}

/**
 * Throws when `answer`, to `method path` on the API at `apiUrl` (its origin and mount point,
 * `http://127.0.0.1:3000` or `…/api`), breaks the OpenAPI document that server serves: the
 * same check `request` (test/support/http.ts) makes of every supertest response.
 *
 * @example
 * res.on('end', () => expectDocumented(api, 'POST', '/shops', { status, headers, text }));
 */
export async function expectDocumented(
  apiUrl: string,
  method: string,
  path: string,
  answer: RawAnswer,
): Promise<void> {
  const document = await documentServedBy(apiUrl);
  const response: CheckedResponse = {
    status: answer.status,
    headers: headersOf(answer.headers),
    text: answer.text,
    body: bodyOf(answer),
  };
  const breach = contractBreach(document, method, path, response);
  if (breach) throw new Error(`${apiUrl}: ${breach}`);
}

/** `fetch(url)`, its answer checked against the document the server at `apiUrl` serves. */
export async function fetchDocumented(
  apiUrl: string,
  path: string,
  init: RequestInit = {},
): Promise<RawAnswer & { readonly json: () => unknown }> {
  const response = await fetch(`${apiUrl}${path}`, init);
  const answer = {
    status: response.status,
    headers: response.headers,
    text: await response.text(),
  };
  await expectDocumented(apiUrl, init.method ?? 'GET', path, answer);
  return { ...answer, json: () => bodyOf(answer) };
}

/** An answer another process recorded (a host app built from the package) and printed as JSON. */
export interface RecordedAnswer extends RawAnswer {
  readonly method: string;
  /** The path under the API's mount point. */
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** What in `answers` breaks `document`, the document the recording app served: none when all keep it. */
export function breachesOf(
  document: Record<string, unknown>,
  answers: readonly RecordedAnswer[],
): string[] {
  return answers.flatMap((answer) => {
    const response = { ...answer, body: bodyOf(answer) };
    return contractBreach(document, answer.method, answer.path, response) ?? [];
  });
}

/**
 * A `fetch` that checks every answer against the document the API at `apiUrl` serves, for a
 * client that makes its own calls (openapi-fetch's `fetch` option).
 */
export function documentedFetch(apiUrl: string): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const url = new URL(request.url);
    const path = `${url.pathname.slice(new URL(apiUrl).pathname.replace(/\/$/, '').length)}${url.search}`;
    const text = await response.clone().text();
    await expectDocumented(apiUrl, request.method, path, {
      status: response.status,
      headers: response.headers,
      text,
    });
    return response;
  };
}
