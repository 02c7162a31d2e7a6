import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  HeadersTooLargeError,
  type LayerError,
  MalformedRequestError,
  UriTooLongError,
} from '../lib';
import { problemOf } from './problem';

// A request line still running when the header limit was reached: "GET /very-long-url…".
const UNFINISHED_REQUEST_LINE = /^[A-Z]+ [^\r\n]*$/;

interface ClientError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/**
 * Whether the bytes that overflowed Node's header limit (the limit counts the request line)
 * were the request line itself: it ends past the limit, or had not ended in what was received.
 */
function isRequestLineTooLong(received: string): boolean {
  const lineEnd = received.indexOf('\r\n');
  return lineEnd === -1 ? UNFINISHED_REQUEST_LINE.test(received) : lineEnd >= maxHeaderSize;
}

/**
 * What Node's HTTP parser refused, as the layer's error: headers over the size limit (431),
 * or, when the request line alone filled the limit, a URL too long (414); anything else that
 * does not parse as HTTP is malformed (400).
 */
function layerErrorOf(error: ClientError): LayerError {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return isRequestLineTooLong(error.rawPacket?.toString('latin1') ?? '')
      ? new UriTooLongError({ cause: error })
      : new HeadersTooLargeError({ cause: error });
  }
  return new MalformedRequestError('The request is not valid HTTP', { cause: error });
}

/**
 * Answers a request Node's HTTP parser refused before any route saw it (the server's
 * `clientError` event) with a problem document and closes the connection: Node's own answer is
 * a bare status line. A socket already reset or half-written to is just closed, and a request
 * that timed out gets Node's bare 408.
 */
export function answerClientError(error: ClientError, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    return;
  }
  const problem = problemOf(layerErrorOf(error));
  const body = JSON.stringify(problem);
  socket.end(
    [
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? problem.title}`,
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
