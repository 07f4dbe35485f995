import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on a terminal; plain lines when output is not a terminal or CI=true. */
export interface Progress {
  addTotal(n: number): void;
  tick(line: string): void;
  note(line: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  const interactive = stream.isTTY === true && !isCi(env);
  let total = 0;
  let done = 0;
  if (interactive) {
    const bar = new SingleBar({ stream, format: ' {bar} {value}/{total} {last}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
    let started = false;
    return {
      addTotal(n) {
        total += n;
        if (!started) {
          bar.start(total, done, { last: '' });
          started = true;
        } else bar.setTotal(total);
      },
      tick(line) {
        done++;
        bar.update(done, { last: line.length > 70 ? `${line.slice(0, 69)}…` : line });
      },
      note(line) {
        if (started) bar.stop();
        stream.write(`${line}\n`);
        if (started) bar.start(total, done, { last: '' });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  return {
    addTotal(n) {
      total += n;
    },
    tick(line) {
      done++;
      stream.write(`[${done}/${total}] ${line}\n`);
    },
    note(line) {
      stream.write(`${line}\n`);
    },
    stop() {},
  };
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
