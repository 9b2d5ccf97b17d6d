// Whether a URL names this machine's loopback interface: the one place the answer is given, for the
// dev server guard of the desktop app and the plain-http exception of the gateway profiles.

const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** true when `url` (an absolute URL, parsed or as text) has a loopback host; throws for text that is not a URL */
export function isLoopback(url: string | URL): boolean {
  const hostname = (typeof url === 'string' ? new URL(url) : url).hostname;
  return LOOPBACK_HOSTNAMES.has(hostname);
}
