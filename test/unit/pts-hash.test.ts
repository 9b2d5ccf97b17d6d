// The PTS token hash (the PTS "Access Token" document): sha256(random_code + user_id + safecode) as lowercase hex. The vectors
// were computed outside this code, with `printf '%s' '<text>' | sha256sum`.
import { describe, expect, it } from 'vitest';
import { ptsHash } from '../../main/gateways/pts/hash';
import { tokenType } from '../../main/gateways/pts/auth';

describe('ptsHash', () => {
  it("matches sha256sum for the seed's random code, user_id 1 and safecode 'safecode'", () => {
    // printf '%s' 'VL4hrMLmM3THd2iQDNOoa45cGZhx2zH71safecode' | sha256sum
    expect(ptsHash('VL4hrMLmM3THd2iQDNOoa45cGZhx2zH7', '1', 'safecode')).toBe('6dd4a80225878834c249d28438249e56fe2a48c1e7f4399778e3ab1a5bc832f5');
  });

  it('hashes the UTF-8 bytes of the three parts concatenated with no separator', () => {
    // printf '%s' 'VL4hrMLmM3THd2iQDNOoa45cGZhx2zH710001s3cr3t-Säfe' | sha256sum (a UTF-8 terminal)
    expect(ptsHash('VL4hrMLmM3THd2iQDNOoa45cGZhx2zH7', '10001', 's3cr3t-Säfe')).toBe('d65e15835480bbf140343e8980844bdd5b6338ac92a788e952533bc6b25b9ebf');
    // the split between the parts does not matter, only the order: "ab" + "c" === "a" + "bc"
    expect(ptsHash('a', 'b', 'c')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // sha256("abc")
    expect(ptsHash('ab', '', 'c')).toBe(ptsHash('a', 'bc', ''));
    expect(ptsHash('c', 'b', 'a')).not.toBe(ptsHash('a', 'b', 'c'));
  });

  it('is 64 lowercase hex digits', () => {
    expect(ptsHash('x', 'y', 'z')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the PTS Authorization scheme word', () => {
  it('is token_type as the gateway wrote it, or Bearer when there is none or it is not a token', () => {
    expect(tokenType('bearer')).toBe('bearer');
    expect(tokenType('Bearer')).toBe('Bearer');
    expect(tokenType(undefined)).toBe('Bearer');
    expect(tokenType('')).toBe('Bearer');
    expect(tokenType('two words')).toBe('Bearer');
    expect(tokenType(42)).toBe('Bearer');
  });
});
