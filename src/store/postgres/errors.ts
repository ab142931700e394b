/**
 * How the PostgreSQL store names its database and says what went wrong. Messages name
 * user, host, port, database and schema — never the password — and say how to fix it,
 * because the person reading them is whoever starts Paperboy.
 */
import pg from 'pg';
import { StoreError } from '../store-error.js';

/** Where the store lives, for messages and logs. Holds no secret. */
export interface Where {
  /** user@host:port/database */
  database: string;
  schema: string;
  user: string;
  host: string;
  port: string;
  name: string;
}

/** Read the parts of a postgres:// URL that messages may show. */
export function whereOf(url: string, schema: string): Where {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw notAUrl();
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw notAUrl();
  // Left out of the URL, the driver takes them from PGUSER and PGDATABASE, or the login name.
  const user = decoded(u.username) || '(default user)';
  const host = u.hostname || u.searchParams.get('host') || 'localhost';
  const port = u.port || u.searchParams.get('port') || '5432';
  const name = decoded(u.pathname.replace(/^\//, '')) || '(default database)';
  return { database: `${user}@${host}:${port}/${name}`, schema, user, host, port, name };
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

// The URL itself is never repeated: it may carry a password.
const notAUrl = (): StoreError =>
  new StoreError(
    'store_unreachable',
    'Paperboy cannot use its PostgreSQL database: the database URL is not a postgres:// URL. ' +
      'Write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, e.g. postgres://paperboy@127.0.0.1:5432/paperboy.',
  );

export const closedError = (): StoreError =>
  new StoreError('store_closed', 'The store is closed; Paperboy is shutting down.');

/** A schema name we may splice into SQL: a plain lower-case identifier. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(
      'store_unreachable',
      `Paperboy cannot use the PostgreSQL schema name "${schema}": use lower-case letters, digits and _ ` +
        '(at most 63, not starting with a digit), e.g. paperboy.',
    );
  }
  return schema;
}

const codeOf = (e: unknown): string | undefined => {
  const err = e as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  const code = err?.code ?? err?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
};
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const THE_URL = 'the database URL (PAPERBOY_DATABASE_URL)';

/** Why the server cannot be used at all, and what to do: undefined when it is not a connection problem. */
function connectionProblem(e: unknown, where: Where): { problem: string; fix: string } | undefined {
  const code = codeOf(e) ?? '';
  const msg = messageOf(e);
  const retry = 'Paperboy connects again on its next store operation.';
  switch (code) {
    case 'ECONNREFUSED':
      return {
        problem: 'the connection was refused',
        fix:
          `Start PostgreSQL (is it listening on TCP port ${where.port} of ${where.host}? see listen_addresses and port ` +
          `in postgresql.conf), or correct the host and port in ${THE_URL}.`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        problem: `the host name ${where.host} does not resolve (${code})`,
        fix: `Correct the host in ${THE_URL}.`,
      };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        problem: `no answer from ${where.host}:${where.port} (${code})`,
        fix: 'Check that the host is up and that no firewall blocks the port.',
      };
    case '28P01':
      return {
        problem: `password authentication failed for user ${where.user}`,
        fix: `Correct the password (in ${THE_URL}, in PGPASSWORD or in ~/.pgpass).`,
      };
    case '28000':
      return { problem: msg, fix: 'Check the user name, and that pg_hba.conf lets it connect from this host.' };
    case '3D000':
      return {
        problem: msg,
        fix: `Create it (createdb -h ${where.host} -p ${where.port}${where.user.startsWith('(') ? '' : ` -U ${where.user}`} ${where.name}) or correct the database name in ${THE_URL}.`,
      };
    case '53300':
      return {
        problem: msg,
        fix: "Run fewer instances, give each a smaller pool, or raise the server's max_connections.",
      };
  }
  if (code.startsWith('08') || code.startsWith('57P') || ['ECONNRESET', 'EPIPE'].includes(code)) {
    return { problem: `the connection failed (${msg})`, fix: `Check that the server is up. ${retry}` };
  }
  if (/timeout exceeded when trying to connect/i.test(msg)) {
    return {
      problem: 'no connection within the connect timeout (the server does not answer, or every connection stayed busy)',
      fix: `Check that the server is up and reachable. ${retry}`,
    };
  }
  if (/SSL|certificate/i.test(msg)) {
    return {
      problem: `the TLS handshake failed (${msg})`,
      fix: `Set sslmode in ${THE_URL} to what the server offers (e.g. ?sslmode=require, or ?sslmode=disable for a local server).`,
    };
  }
  if (/Connection terminated/i.test(msg)) {
    return { problem: `the connection failed (${msg})`, fix: `Check that the server is up. ${retry}` };
  }
  return undefined;
}

/** What to do about an error the server answered with. */
function sqlFix(code: string): string {
  if (code === '42501') return 'Grant the database user the rights it needs on that schema (or its database).';
  if (code === '42P01' || code === '42703') {
    return 'Its tables were changed by hand: restore them, or point Paperboy at a fresh schema and copy the data into it (npm run store:copy).';
  }
  return 'This is a bug in Paperboy, or its tables were changed by hand.';
}

/** Any failure of a store operation as a StoreError with a stable code. */
export function toStoreError(e: unknown, where: Where): StoreError {
  if (e instanceof StoreError) return e;
  const connection = connectionProblem(e, where);
  if (connection) {
    return new StoreError(
      'store_unreachable',
      `Paperboy cannot reach its PostgreSQL database ${where.database}: ${connection.problem}. ${connection.fix}`,
      { cause: e },
    );
  }
  if (!(e instanceof pg.DatabaseError)) {
    return new StoreError(
      'store_failed',
      `Paperboy's PostgreSQL store (schema ${where.schema} at ${where.database}) failed: ${messageOf(e)}. ` +
        'This is a bug in Paperboy.',
      { cause: e },
    );
  }
  const code = e.code ?? '?';
  return new StoreError(
    'store_failed',
    `PostgreSQL refused an operation of Paperboy's store (schema ${where.schema} at ${where.database}): ` +
      `${messageOf(e)} (SQLSTATE ${code}). ${sqlFix(code)}`,
    { cause: e },
  );
}
