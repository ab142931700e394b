/**
 * Migration 2's tables (see migrations.ts). Alerts are kept like subscriptions: a `seq`
 * for their order in a place, one topic key per place as a constraint. The ledger has
 * one row per (place, paper); its lease and sent time are epoch ms in double precision,
 * compared exactly as the JavaScript rules compare them.
 */
export const ALERT_TABLES = `
  CREATE TABLE alerts (
    seq bigserial PRIMARY KEY,
    id text NOT NULL CONSTRAINT alerts_id_unique UNIQUE,
    target_key text NOT NULL,
    topic_key text NOT NULL,
    record json NOT NULL,
    CONSTRAINT alerts_one_topic_per_place UNIQUE (target_key, topic_key)
  );
  CREATE INDEX alerts_by_place ON alerts (target_key, seq);

  CREATE TABLE alert_ledger (
    target_key text NOT NULL,
    paper_id text NOT NULL,
    target json NOT NULL,
    owner text,
    lease_until_ms double precision,
    sent_ms double precision,
    created_ms double precision NOT NULL,
    PRIMARY KEY (target_key, paper_id)
  );
  CREATE INDEX alert_ledger_by_age ON alert_ledger (created_ms);
`;
