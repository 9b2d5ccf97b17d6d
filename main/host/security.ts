// The browser host's gatekeeping: the per-launch token, constant-time comparison, the exact origin
// and host it answers to, and the headers every HTTP answer carries.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { pagePolicy } from '../web/csp';

/** 32 random bytes, base64url: valid in a Sec-WebSocket-Protocol token and in an HTML attribute. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares two secrets in constant time. Both are hashed first, so neither their content nor their
 * lengths leak through timing.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function hostOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/**
 * The Host header must name us exactly, as the printed URL does. This shuts out DNS-rebinding pages
 * (a foreign name that resolves to 127.0.0.1) before they can read index.html and its token.
 */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}`;
}

export function isOwnOrigin(originHeader: string | undefined, port: number): boolean {
  return originHeader === hostOrigin(port);
}

/** The same strict policy the Electron app uses (main/web/csp.ts), plus the one WebSocket we serve. */
export function contentSecurityPolicy(port: number): string {
  return pagePolicy({ connect: [`ws://127.0.0.1:${port}`] });
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
