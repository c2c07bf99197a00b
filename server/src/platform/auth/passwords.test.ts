import { describe, expect, it } from 'vitest';
import { GENERATED_PASSWORD_LENGTH, generatePassword, passwordProblems } from './passwords.js';

describe('generatePassword — the one policy for passwords the system makes up', () => {
  const usernames = ['admin', 'forgetful', 'a', 'center01', 'ACDEFGHJ', '3467'];

  it('always meets the password policy, for any username, in 16 characters of all four classes', () => {
    for (const username of usernames) {
      for (let n = 0; n < 500; n++) {
        const p = generatePassword(username);
        expect(passwordProblems(p, username), `${p} for ${username}`).toEqual([]);
        expect(p).toHaveLength(GENERATED_PASSWORD_LENGTH);
        expect(p).toMatch(/[a-z]/);
        expect(p).toMatch(/[A-Z]/);
        expect(p).toMatch(/[0-9]/);
        expect(p).toMatch(/[^A-Za-z0-9]/);
      }
    }
  });

  it('never contains the username, even one made of the generator’s own characters', () => {
    // 'a' occurs in most random strings of this alphabet: the generator must keep drawing until it does not
    for (let n = 0; n < 200; n++) expect(generatePassword('a').toLowerCase()).not.toContain('a');
  });

  it('uses no character a reader confuses or a shell, URL or e-mail mangles', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 2000; n++) for (const ch of generatePassword('admin')) seen.add(ch);
    for (const ch of '0Oo1lI5S2Z8B \'"`\\$&;<>|/!') expect(seen.has(ch), ch).toBe(false);
    expect(seen.size).toBeGreaterThan(50); // and it does use the whole of its alphabet
  });

  it('does not repeat itself', () => {
    const many = new Set(Array.from({ length: 5000 }, () => generatePassword('admin')));
    expect(many.size).toBe(5000);
  });
});
