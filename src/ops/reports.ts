/**
 * Component reports for /readyz, from what each part says about itself. Kept apart
 * from the parts so that the adapters only expose plain status objects.
 */
import type { UpstreamHealth } from '../papers/cached-source.js';
import type { ComponentReport } from './readiness.js';

/** What a sharded gateway adapter reports (adapters/discord RunningDiscord.status()). */
export interface GatewayStatus {
  ready: boolean;
  shardCount: number;
  shards: { id: number; status: string; pingMs: number }[];
}

/**
 * All shards connected: up. Some reconnecting (a resume takes a moment): degraded — the
 * other shards' servers are served, and Discord replays the missed events on resume.
 * None connected: down.
 */
export function gatewayReport(s: GatewayStatus): ComponentReport {
  const connected = s.shards.filter((x) => x.status === 'Ready').length;
  const status = s.ready ? 'up' : connected > 0 ? 'degraded' : 'down';
  const detail = s.ready
    ? `${connected} of ${connected} shards connected`
    : `${connected} of ${s.shards.length} shards connected; the rest are reconnecting`;
  return { status, detail, shardCount: s.shardCount, shards: s.shards };
}

/** A Hugging Face outage is reported, never fatal: commands answer from the cache or say HF is down. */
export function upstreamReport(h: UpstreamHealth | undefined, now: number = Date.now()): ComponentReport {
  if (!h) return { status: 'up', detail: 'the bundled offline sample (PAPERBOY_SOURCE=sample)' };
  if (h.state === 'ok') return { status: 'up', detail: 'answering', cached: h.cached };
  const minutes = h.since === undefined ? undefined : Math.max(0, Math.round((now - h.since) / 60_000));
  const serving =
    h.cached > 0
      ? `serving ${h.cached} cached ${h.cached === 1 ? 'entry' : 'entries'}, marked stale`
      : 'nothing cached yet, so lists answer "Hugging Face isn\'t answering"';
  return {
    status: 'degraded',
    detail: `Hugging Face is not answering${minutes === undefined ? '' : ` (for ${minutes} min)`}: ${serving}`,
    reason: h.reason,
    cached: h.cached,
  };
}
