import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sm4Cipher, loadMasterKey, maskPhone, openPersonal, sealPersonal, usePersonalDataCipher } from './personal-data.js';

describe('personal data at rest (SEC-13, SM4-CBC + HMAC-SM3)', () => {
  const key = crypto.randomBytes(32);
  const c = new Sm4Cipher(key);

  it('round-trips, with a fresh IV each time', () => {
    const a = c.seal('13912345678');
    const b = c.seal('13912345678');
    expect(a).not.toBe(b);
    expect(a.startsWith(`sm4:v1:${c.keyId}:`)).toBe(true);
    expect(a).not.toContain('13912345678');
    expect(c.open(a)).toBe('13912345678');
    expect(c.open('张三')).toBe('张三'); // a value from before encryption passes through
  });

  it('detects tampering (encrypt-then-MAC) and a wrong key', () => {
    const sealed = c.seal('13912345678');
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0]! ^= 1;
    parts[4] = ct.toString('base64url');
    expect(() => c.open(parts.join(':'))).toThrow(/integrity/);
    expect(() => new Sm4Cipher(crypto.randomBytes(32)).open(sealed)).toThrow(/integrity/);
  });

  it('reads values sealed under an older key after a rotation', () => {
    const old = new Sm4Cipher(crypto.randomBytes(32));
    usePersonalDataCipher(old);
    const v = sealPersonal('李四');
    usePersonalDataCipher(new Sm4Cipher(crypto.randomBytes(32)));
    expect(sealPersonal('x').includes(old.keyId)).toBe(false);
    expect(openPersonal(v)).toBe('李四');
  });

  it('requires a key in production and validates its form', () => {
    expect(() => loadMasterKey({ env: 'production', dataDir: '/nonexistent' })).toThrow(/DATA_ENCRYPTION_KEY/);
    expect(() => loadMasterKey({ env: 'production', key: 'zz', dataDir: '/x' })).toThrow(/64/);
    expect(loadMasterKey({ env: 'production', key: 'ab'.repeat(32), dataDir: '/x' }).length).toBe(32);
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
});
