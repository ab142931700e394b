import { digestSinkContract } from '../digest/sink.contract.js';
import { startHarness } from './harness.js';

/** The shared DigestSink contract, run against the Slack sink over the loopback Web API. */
digestSinkContract('Slack sink (real WebClient → fake Slack Web API)', async () => {
  const h = await startHarness();
  const target = { platform: 'slack' as const, workspaceId: 'T0PAPERBOY', kind: 'channel' as const, id: 'C0CONTRACT' };
  return {
    sink: h.slack.sink,
    target,
    visiblePosts: async () => h.fake.messages.filter((m) => m.channel === target.id).length,
    close: () => h.close(),
  };
});

digestSinkContract('Slack sink, DM target (conversations.open)', async () => {
  const h = await startHarness();
  const target = { platform: 'slack' as const, workspaceId: 'T0PAPERBOY', kind: 'user' as const, id: 'U0DMCONTRACT' };
  return {
    sink: h.slack.sink,
    target,
    visiblePosts: async () => h.fake.messages.filter((m) => m.channel === 'D0DMCONTRACT').length,
    close: () => h.close(),
  };
});
