import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordSealer } from './leaves.js';

describe('RecordSealer', () => {
  const key = crypto.generateKeyPairSync('ed25519').privateKey;

  it('a record it sealed checks without computing the MAC again; changed bytes never do', () => {
    const sealer = new RecordSealer(key, 'test.example/log');
    const other = new RecordSealer(key, 'test.example/log'); // the same key on another node: remembers nothing
    const leaf = '{"a":1}';
    const mac = sealer.seal(leaf);
    expect(mac).toBe(other.seal(leaf));
    const hmac = spyHmac();
    expect(sealer.check(leaf, mac)).toBe(true);
    expect(hmac.calls()).toBe(0); // remembered: the bytes are the ones sealed under that MAC
    expect(sealer.check(leaf, mac)).toBe(true); // checked again (verification): computed
    expect(hmac.calls()).toBe(1);
    hmac.restore();

    const row = Buffer.from('{"b":2}');
    const rowMac = sealer.seal(row);
    expect(sealer.check(Buffer.from('{"b":3}'), rowMac)).toBe(false); // changed after sealing
    expect(sealer.check(Buffer.from('{"b":2}'), rowMac)).toBe(true);
    expect(sealer.check('{"b":2}', rowMac)).toBe(true); // a string of the same bytes
    expect(other.check(leaf, mac)).toBe(true);
    expect(other.check(leaf, rowMac)).toBe(false);
    expect(sealer.check(leaf, `${mac.slice(0, -1)}0`)).toBe(mac.endsWith('0'));
  });
});

/** Counts HMACs computed while it is on. */
function spyHmac() {
  const original = crypto.createHmac;
  let n = 0;
  (crypto as { createHmac: typeof crypto.createHmac }).createHmac = ((...a: Parameters<typeof crypto.createHmac>) => {
    n++;
    return original(...a);
  }) as typeof crypto.createHmac;
  return { calls: () => n, restore: () => ((crypto as { createHmac: typeof crypto.createHmac }).createHmac = original) };
}
