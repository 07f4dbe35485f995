import { SingleBar, Presets } from 'cli-progress';

/**
 * Progress of a contract run: a bar on a terminal; plain `[n/total] line` lines when output is not a
 * terminal or CI is set; nothing at all with `--quiet` (`silentProgress`).
 *
 * The total is known before the first request: each operation's part of the plan is announced with its
 * estimate (see estimate.ts), so the denominator does not grow as the plan unfolds. The plan adapts to
 * what the target answers, so an estimate is an upper bound for the steps that depend on answers (the
 * pagination walk, filter values); while a part runs it counts as the larger of its estimate and what it
 * has actually announced (so the total never falls below the requests already known), and once it is done
 * as exactly what it sent.
 */
export interface Progress {
  /** One operation's part of the plan, estimated at `estimate` requests. */
  part(estimate: number): ProgressPart;
  tick(line: string): void;
  note(line: string): void;
  stop(): void;
}

export interface ProgressPart {
  /** A better estimate of the part's requests (once the first answer shows how long the list is). */
  reestimate(estimate: number): void;
  /** The plan is about to send `n` more requests of this part. */
  announce(n: number): void;
  /** The part sent all it will send. */
  done(): void;
}

/** The total of a run's parts, estimated where still running and exact where done. */
export class PlanTotal {
  private readonly parts: Array<{ estimate: number; announced: number; done: boolean }> = [];

  constructor(private readonly onChange: (total: number) => void = () => {}) {}

  part(estimate: number): ProgressPart {
    const p = { estimate: Math.max(0, estimate), announced: 0, done: false };
    this.parts.push(p);
    this.onChange(this.total);
    return {
      reestimate: (n) => {
        p.estimate = Math.max(0, n);
        this.onChange(this.total);
      },
      announce: (n) => {
        p.announced += n;
        this.onChange(this.total);
      },
      done: () => {
        p.done = true;
        this.onChange(this.total);
      },
    };
  }

  get total(): number {
    return this.parts.reduce((sum, p) => sum + (p.done ? p.announced : Math.max(p.estimate, p.announced)), 0);
  }
}

export const silentProgress: Progress = {
  part: () => ({ reestimate() {}, announce() {}, done() {} }),
  tick() {},
  note() {},
  stop() {},
};

export function createProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  return stream.isTTY === true && !isCi(env) ? barProgress(stream) : lineProgress(stream);
}

function lineProgress(stream: NodeJS.WriteStream): Progress {
  const total = new PlanTotal();
  let done = 0;
  return {
    part: (estimate) => total.part(estimate),
    tick(line) {
      done++;
      // Never print a numerator above its denominator, even for a moment between two announcements.
      stream.write(`[${done}/${Math.max(done, total.total)}] ${line}\n`);
    },
    note(line) {
      stream.write(`${line}\n`);
    },
    stop() {},
  };
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar({ stream, format: ' {bar} {value}/{total} {last}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  let started = false;
  let done = 0;
  const total = new PlanTotal((n) => {
    if (started) bar.setTotal(Math.max(done, n));
  });
  const start = () => {
    bar.start(Math.max(done, total.total), done, { last: '' });
    started = true;
  };
  return {
    part(estimate) {
      const p = total.part(estimate);
      if (!started) start();
      return p;
    },
    tick(line) {
      done++;
      if (!started) start();
      bar.update(done, { last: line.length > 70 ? `${line.slice(0, 69)}…` : line });
    },
    note(line) {
      if (started) bar.stop();
      stream.write(`${line}\n`);
      if (started) start();
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
