// The PTS access-token protocol (the PTS "Access Token" document): a random code that lives 30 s, then a token for
// sha256(random_code + user_id + safecode). Shared by the client (auth.ts) and the simulator.

/** the PTS "Access Token" document's paths, relative to the gateway's base URL */
export const DEFAULT_PTS_PATHS = { randomCode: '/merchant/random_code', token: '/merchant/token' } as const;

/** "Please note it only alive for 30 seconds" (the PTS "Access Token" document). */
export const PTS_RANDOM_CODE_LIFETIME_MS = 30_000;

/**
 * The envelope's `code`. The seed shows only "1000" ("Accepted"); the others are ours, and the
 * simulator answers them with the HTTP status given beside each.
 */
export const PTS_CODES = {
  ACCEPTED: '1000',
  /** 400: a field is missing or of the wrong type */
  PARAM_ERROR: '4000',
  /** 401: no such user_id */
  UNKNOWN_USER: '4010',
  /** 401: the random code is unknown, expired (older than 30 s) or already used */
  RANDOM_CODE_INVALID: '4011',
  /** 401: the hash does not match */
  HASH_MISMATCH: '4012',
  /** 500: the server failed */
  SYSTEM_ERROR: '5000',
} as const;

/** { "code": "1000", "message": "Accepted", "data": { ... } }; an error carries `data: null`. */
export interface PtsEnvelope<T> {
  code: string;
  message: string;
  data: T | null;
}

export interface PtsRandomCodeRequest {
  /** the PTS "Access Token" document: String (its PHP example sends the number 1; we send text) */
  user_id: string;
}

export interface PtsRandomCodeAnswer {
  code: string;
}

export interface PtsTokenRequest {
  user_id: string;
  /** lowercase hex sha256 of random_code + user_id + safecode */
  hash: string;
}

export interface PtsTokenAnswer {
  access_token: string;
  /** "bearer" in the seed */
  token_type: string;
  /** seconds */
  expires_in: number;
}
