import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { FakeHf } from './fake-hf.js';
import { paperSourceContract } from './paper-source.contract.js';

// A Monday after the sample: every bundled day has closed.
const NOW = new Date('2026-08-24T12:00:00Z');

paperSourceContract('CachedSource over a loopback Hugging Face', async () => {
  const hf = await new FakeHf().start();
  const logger = new MemoryLogger();
  const api = new HfClient({ baseUrl: hf.url, logger, sleep: async () => {} });
  return {
    source: new CachedSource({ api, logger, now: () => NOW.getTime() }),
    now: NOW,
    today: '2026-08-24',
    stop: () => hf.stop(),
  };
});

paperSourceContract('SampleSource', async () => ({ source: new SampleSource(), now: NOW, today: '2026-08-21' }));
