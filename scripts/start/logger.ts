import pino, { type DestinationStream, type Logger } from 'pino';
import type { ServerSettings } from './settings';

/** How the server's log is written: JSON lines, or pino-pretty's text for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * Pretty on a terminal in development; JSON lines otherwise (in production, and whenever the
 * output goes to a file or a collector, which expects one JSON object per line). pino-pretty is
 * a development dependency: where it is not installed, the log is JSON.
 */
export function logFormatFor(
  settings: Pick<ServerSettings, 'isProduction'>,
  output: { isTTY?: boolean },
  isPrettyInstalled: boolean,
): LogFormat {
  return !settings.isProduction && output.isTTY === true && isPrettyInstalled ? 'pretty' : 'json';
}

type PrettyFactory = (options: {
  colorize: boolean;
  destination: NodeJS.WritableStream;
}) => DestinationStream;

/** pino-pretty, loaded only when it is installed: a production install has pruned it. */
function loadPretty(): PrettyFactory | undefined {
  try {
    return require('pino-pretty') as PrettyFactory; // eslint-disable-line @typescript-eslint/no-require-imports -- an optional development dependency, loaded lazily
  } catch {
    return undefined;
  }
}

/**
 * The server's logger at `settings.logLevel`, writing to `output` (stdout) in the format
 * `logFormatFor` picks.
 *
 * @example
 * const logger = serverLogger(settingsFromEnv());
 */
export function serverLogger(
  settings: Pick<ServerSettings, 'isProduction' | 'logLevel'>,
  output: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean }) = process.stdout,
): Logger {
  const pretty = loadPretty();
  const format = logFormatFor(settings, output, pretty !== undefined);
  if (format === 'pretty' && pretty) {
    return pino({ level: settings.logLevel }, pretty({ colorize: true, destination: output }));
  }
  // pino's own destination on stdout writes synchronously: the last line before an exit is kept.
  if (output === process.stdout) return pino({ level: settings.logLevel });
  return pino({ level: settings.logLevel }, output as DestinationStream);
}
