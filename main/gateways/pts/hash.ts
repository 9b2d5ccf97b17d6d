// The PTS token hash (the PTS "Access Token" document): random_code + user_id + safecode, concatenated in that order with
// no separator, through SHA-256, as lowercase hex (what PHP's hash('SHA256', ...) prints).
import { createHash } from 'node:crypto';

export function ptsHash(randomCode: string, userId: string, safecode: string): string {
  return createHash('sha256').update(`${randomCode}${userId}${safecode}`, 'utf8').digest('hex');
}
