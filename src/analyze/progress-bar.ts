import { statSync } from 'node:fs';

/** Files smaller than this read in well under a second: no bar. */
const MIN_BYTES = 32 << 20;

/**
 * A progress callback that draws a bar on stderr, or undefined when stderr is not a terminal (a
 * bar in a log file is noise) or the file is small.
 */
export function progressBar(path: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  if (size < MIN_BYTES) return undefined;
  let drawn = -1;
  return (done, total) => {
    const percent = Math.floor((100 * done) / total);
    if (percent === drawn) return;
    drawn = percent;
    const width = 30;
    const full = Math.round((width * done) / total);
    const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
    process.stderr.write(
      `\rreading [${'#'.repeat(full)}${' '.repeat(width - full)}] ${percent}% ${mb(done)}/${mb(total)} MB`,
    );
    if (done >= total) process.stderr.write('\r\x1b[K');
  };
}
