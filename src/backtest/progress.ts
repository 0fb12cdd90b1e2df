/** Where progress goes: stderr by default, so a report piped from stdout stays clean. */
export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  tick(n?: number): void;
  done(message?: string): void;
}

const WIDTH = 30;

/**
 * A progress bar redrawn in place on a terminal; on a pipe or CI log (no TTY), plain lines at
 * every tenth of the way, so the log stays readable and short.
 */
export function createProgress(o: { total: number; label: string; stream?: ProgressStream }): Progress {
  const stream = o.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const total = Math.max(0, o.total);
  let done = 0;
  let lastDecile = -1;
  const line = () => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * WIDTH);
    return `${o.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} ${Math.round(ratio * 100)}%`;
  };
  const draw = () => {
    if (tty) {
      stream.write(`\r${line()}\x1b[K`);
      return;
    }
    const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      stream.write(`${o.label}: ${done}/${total}\n`);
    }
  };
  draw();
  return {
    tick(n = 1) {
      done = Math.min(total, done + n);
      draw();
    },
    done(message) {
      if (tty) stream.write(`\r${line()}\x1b[K\n`);
      else if (done !== total || lastDecile !== 10) stream.write(`${o.label}: ${done}/${total}\n`);
      if (message) stream.write(`${message}\n`);
    },
  };
}

/** A progress that prints nothing (tests, library use). */
export const silentProgress = (): Progress => ({ tick: () => undefined, done: () => undefined });
