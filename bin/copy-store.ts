#!/usr/bin/env node
/**
 * npm run store:copy -- --from ./data/paperboy.json --to postgres://USER@HOST:5432/DB [--schema paperboy]
 *
 * Copies subscriptions, digest schedules and the delivery ledger from one store into
 * another (JSON file or PostgreSQL, either way round) through src/store, and prints what
 * it did. Safe to run again: what is there already is counted, not copied twice.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createStreamLogger } from '../src/logger.js';
import { DEFAULT_PG_SCHEMA, openJsonStore, openPostgresStore, type Store } from '../src/store/index.js';
import { copyAlerts } from '../src/store/postgres/copy-alerts.js';
import { copyStore, type CopyCounts } from '../src/store/postgres/copy.js';
import { whereOf } from '../src/store/postgres/errors.js';

const USAGE = `Usage: npm run store:copy -- --from <data file or postgres:// URL> --to <data file or postgres:// URL> [--schema ${DEFAULT_PG_SCHEMA}]
  e.g. npm run store:copy -- --from ./data/paperboy.json --to postgres://paperboy@127.0.0.1:5432/paperboy
Keep the password out of the command line: PGPASSWORD or ~/.pgpass are read when the URL has none.
`;

const out = (text: string) => process.stdout.write(text);
const logger = createStreamLogger('warn');
const isUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

async function openAt(location: string, schema: string, role: 'from' | 'to'): Promise<{ store: Store; name: string }> {
  if (isUrl(location)) {
    const where = whereOf(location, schema);
    const store = await openPostgresStore({ url: location, schema, logger });
    return { store, name: `PostgreSQL schema ${schema} at ${where.database}` };
  }
  if (role === 'from' && !existsSync(location)) throw new Error(`There is no data file at ${location} to copy from.`);
  return { store: await openJsonStore({ file: location, logger }), name: location };
}

const line = (what: string, c: CopyCounts, kept: string) =>
  `  ${what}: ${c.copied} copied, ${c.unchanged} already there${c.kept ? `, ${c.kept} kept (${kept})` : ''}\n`;

async function run(argv: string[]): Promise<number> {
  let values: { from?: string; to?: string; schema?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        schema: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (!values.from || !values.to) {
    process.stderr.write(`Both --from and --to are needed.\n${USAGE}`);
    return 2;
  }
  const schema = values.schema ?? DEFAULT_PG_SCHEMA;
  const opened: Store[] = [];
  try {
    const from = await openAt(values.from, schema, 'from');
    opened.push(from.store);
    const to = await openAt(values.to, schema, 'to');
    opened.push(to.store);
    const report = await copyStore(from.store, to.store);
    out(`Copied ${from.name} → ${to.name}\n`);
    out(line('subscriptions', report.subscriptions, 'the place has that topic under another id'));
    out(line('digest schedules', report.schedules, ''));
    out(line('ledger rows', report.deliveries, "the destination's own rows, never overwritten"));
    out(line('Slack installations', report.installations, "the destination's own installation of that workspace"));
    out(line('alerts', await copyAlerts(from.store, to.store), 'the place has that topic under another id'));
    out(line('saved papers', report.saved, 'the place has that paper saved already'));
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    for (const s of opened) await s.close();
  }
}

process.exitCode = await run(process.argv.slice(2));
