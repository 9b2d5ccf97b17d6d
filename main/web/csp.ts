// The page's Content-Security-Policy, written once for every place it is given: the desktop app's
// header (main/app/security.ts), the browser host's header (main/host/security.ts) and the <meta> of
// renderer/index.html (a test checks that one against pageMetaPolicy()).

const STRICT_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** what the page's own <meta> lets it connect to: the browser host's WebSocket, on whatever port it got */
export const META_CONNECT_SOURCE = 'ws://127.0.0.1:*';

export interface PolicyOptions {
  /** sources the page may connect to besides its own origin (the browser host's or the dev server's socket) */
  connect?: readonly string[];
  /** inline scripts and styles, which only the dev server's page needs (Vite's refresh preamble, injected CSS) */
  inline?: boolean;
  /** for a <meta> tag: frame-ancestors is left out, browsers ignore it there */
  meta?: boolean;
}

export function pagePolicy(options: PolicyOptions = {}): string {
  const directives = new Map(STRICT_DIRECTIVES);
  if (options.inline) {
    directives.set('script-src', "'self' 'unsafe-inline'");
    directives.set('style-src', "'self' 'unsafe-inline'");
  }
  if (options.connect && options.connect.length > 0) directives.set('connect-src', ["'self'", ...options.connect].join(' '));
  if (options.meta) directives.delete('frame-ancestors');
  return [...directives].map(([name, value]) => `${name} ${value}`).join('; ');
}

/** The policy renderer/index.html carries in its <meta http-equiv="Content-Security-Policy">. */
export function pageMetaPolicy(): string {
  return pagePolicy({ connect: [META_CONNECT_SOURCE], meta: true });
}
