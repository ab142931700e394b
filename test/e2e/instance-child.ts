/**
 * One Paperboy instance of the several-instances test, built by the composition root
 * (assemble + startPlatforms) from the environment the parent gives it: PostgreSQL, the
 * loopback Discord and Slack fakes, the bundled sample. Ticks every second with short
 * leases so a killed instance's work is taken over within the test's patience.
 */
import { loadConfig } from '../../src/config.js';
import { createStreamLogger } from '../../src/logger.js';
import { assemble, startPlatforms } from '../../src/main.js';

const logger = createStreamLogger('warn', (line) => process.stderr.write(line));
const config = loadConfig(process.env);
const running = await assemble(config, logger, {
  fanout: { leaseMs: Number(process.env.TEST_LEASE_MS ?? 2000) },
  tickEvery: '* * * * * *',
});
const stops: (() => Promise<void>)[] = [];
await startPlatforms(config, running, logger, stops);
running.scheduler.start();
process.stdout.write('READY\n');
process.once('SIGTERM', () => {
  void (async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await running.stop();
    process.exit(0);
  })();
});
