/**
 * The one rule for links we send to a platform: an absolute http(s) URL, parsed (and so
 * normalised: spaces and other unsafe characters percent-encoded). Anything else —
 * `javascript:`, relative paths, text that is not a URL — is left out, because Discord
 * rejects a message with such a url field and Slack would render it as a live link.
 * Each renderer then escapes the href for its own markup.
 */
export function webUrl(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}
