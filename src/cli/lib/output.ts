import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** One line to stdout (results, passwords shown once). */
export function print(line = ''): void {
  process.stdout.write(line + '\n');
}

/** One line to stderr (progress, warnings, problems). */
export function warn(line: string): void {
  process.stderr.write(line + '\n');
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full. */
export async function writeChunk(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}
