/**
 * Preloaded (`node -r`) into a `contract-mock serve` process by `npm run bench -- --profile`: profiles
 * the process from its first line of our code; on SIGUSR2 writes the profile to
 * $CONTRACT_MOCK_BENCH_PROFILE and exits. Shows where the start-up time goes.
 */
import * as inspector from 'node:inspector';
import { writeFileSync } from 'node:fs';

const out = process.env.CONTRACT_MOCK_BENCH_PROFILE;
if (out) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(out, JSON.stringify(result.profile));
      process.exit(0);
    });
  });
}
