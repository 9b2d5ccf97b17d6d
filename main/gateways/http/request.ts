// What one HTTP(S) exchange sends and gets back, whatever carries it (transport.ts).
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface HttpRequest {
  method: HttpMethod;
  url: string | URL;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** the whole exchange (connect, send, wait, read the body) must finish within this: kind "timeout" */
  timeoutMs: number;
  /** a larger answer is cut off: kind "network" (default 1 MiB) */
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** lower-case names; a repeated header's values joined with ", " */
  headers: Record<string, string>;
  body: string;
  elapsedMs: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
