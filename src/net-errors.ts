/**
 * Why a request failed on the network, in words, from Node's error code (undici puts it
 * on `cause`). `unreachable`: the server could not be reached at all (no network, no
 * such host, nothing listening), as opposed to a connection that broke mid-answer.
 */
export function networkProblem(err: unknown, host: string): { text: string; unreachable: boolean } {
  const code = (err as { cause?: { code?: unknown } }).cause?.code ?? (err as { code?: unknown }).code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { text: `${host} could not be found: no network connection, or DNS is down`, unreachable: true };
    case 'ECONNREFUSED':
      return { text: `${host} refused the connection`, unreachable: true };
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return { text: `no route to ${host}: no network connection`, unreachable: true };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { text: `${host} did not accept the connection in time`, unreachable: true };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return { text: `the connection to ${host} broke off`, unreachable: false };
    default: {
      const own = (err as { message?: unknown }).message;
      const why =
        (err as { cause?: { message?: unknown } }).cause?.message ?? (own === 'fetch failed' ? undefined : own);
      return { text: `the request to ${host} failed${typeof why === 'string' ? ` (${why})` : ''}`, unreachable: false };
    }
  }
}
