import fs from 'node:fs';
import type { ResultRow } from './results';

/** What `npm run bench` writes to results.json that the tools reading it back use. */
export interface RunFile {
  readonly generated_at: string;
  readonly mode: string;
  readonly rounds: number;
  readonly seconds: number;
  readonly workload_seconds: Record<string, Record<string, number>>;
  readonly results: readonly ResultRow[];
}

export function readRunFile(file: string): RunFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RunFile;
}

/**
 * The arguments of a tool that reads results files: `--within W` (default 0.05), and the files,
 * every argument that is neither a `--flag` (the tool reads its own) nor the value of `--within`.
 */
export function runFileArgs(args: readonly string[]): { within: number; files: string[] } {
  const withinIndex = args.indexOf('--within');
  const within = withinIndex === -1 ? 0.05 : Number(args[withinIndex + 1]);
  const isWithinValue = (index: number) => withinIndex !== -1 && index === withinIndex + 1;
  const files = args.filter((arg, index) => !arg.startsWith('--') && !isWithinValue(index));
  return { within, files };
}
