import { describe, expect, it } from 'vitest';
import { checkUscc, classifyEligibility, USCC_ALPHABET, usccCheckChar, type UsccValid } from './uscc.js';

const HINT = '请核对营业执照或登记证书上的代码';

function valid(raw: string): UsccValid {
  const r = checkUscc(raw);
  if (!r.ok) throw new Error(`expected ${raw} to pass: ${r.reason}`);
  return r;
}
function reasonOf(raw: string): string {
  const r = checkUscc(raw);
  if (r.ok) throw new Error(`expected ${raw} to fail`);
  return r.reason;
}
const withCheck = (first17: string) => first17 + usccCheckChar(first17);

/** deterministic PRNG (mulberry32) so the "random" codes are the same on every run */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('checkUscc — fixtures from domain.md', () => {
  it.each([
    ['91310115MA1H000011', 'enterprise', '310115', 'eligible'],
    ['51310000MJ0000001N', 'social_group', '310000', 'eligible'],
    ['52310104MJ0000001J', 'private_non_enterprise', '310104', 'eligible'],
    ['12310115MB00000016', 'public_institution', '310115', 'needs_review'],
    ['11310000MB0000001C', 'organ', '310000', null],
  ] as const)('%s is a valid %s', (code, kind, division, eligibility) => {
    const r = valid(code);
    expect(r).toEqual({ ok: true, uscc: code, kind, divisionCode: division, inShanghai: true });
    expect(usccCheckChar(code.slice(0, 17))).toBe(code.slice(17));
    const e = classifyEligibility(r);
    if (eligibility === null) expect(e.eligible).toBe(false);
    else expect(e).toEqual({ eligible: true, eligibility });
  });

  it('foundations (53) and other types are classified', () => {
    expect(valid(withCheck('53310000MJ0000001')).kind).toBe('foundation');
    expect(valid(withCheck('92310115MA1H00001')).kind).toBe('other'); // 个体工商户
    expect(valid(withCheck('Y1310115MA1H00001')).kind).toBe('other');
    expect(classifyEligibility(valid(withCheck('53310000MJ0000001')))).toEqual({ eligible: true, eligibility: 'eligible' });
  });
});

describe('checkUscc — normalisation', () => {
  it('trims and upper-cases', () => {
    expect(valid('  91310115ma1h000011 \n').uscc).toBe('91310115MA1H000011');
    expect(valid('51310000mj0000001n').uscc).toBe('51310000MJ0000001N');
    expect(valid('\t52310104Mj0000001j').kind).toBe('private_non_enterprise');
  });
});

describe('checkUscc — failure reasons (Chinese, actionable)', () => {
  it('wrong length: must be 18 characters', () => {
    for (const raw of ['', '9131011', '91310115MA1H00001', '91310115MA1H0000110']) {
      const reason = reasonOf(raw);
      expect(reason).toContain('18位');
      expect(reason).toContain(`${raw.length}位`);
      expect(reason).toContain(HINT);
    }
  });

  it('illegal character: I, O, Z, S, V are not used', () => {
    for (const [raw, pos] of [
      ['91310115MA1HO00011', 13], // letter O for zero
      ['91310115MA1I000011', 12],
      ['91310115MA1H00001Z', 18],
      ['S1310115MA1H000011', 1],
      ['91310115MA1V000011', 12],
      ['91310115-A1H000011', 9],
      ['９1310115MA1H000011', 1], // full-width digit
    ] as const) {
      const reason = reasonOf(raw);
      expect(reason).toContain(`第${pos}位`);
      expect(reason).toContain('I、O、Z、S、V');
      expect(reason).toContain(HINT);
    }
    expect(reasonOf('91310115 A1H000011')).toContain('空格');
  });

  it('wrong check character', () => {
    for (const raw of ['91310115MA1H000012', '51310000MJ0000001M', '12310115MB00000017', '11310000MB00000010']) {
      const reason = reasonOf(raw);
      expect(reason).toContain('校验位');
      expect(reason).toContain(HINT);
    }
  });

  it('division code (characters 3–8) must be digits', () => {
    const reason = reasonOf(withCheck('91A10115MA1H00001'));
    expect(reason).toContain('第3–8位');
    expect(reason).toContain(HINT);
  });

  it('every single-character substitution in a fixture is caught', () => {
    for (const code of ['91310115MA1H000011', '51310000MJ0000001N', '12310115MB00000016']) {
      for (let i = 0; i < 18; i++) {
        for (const ch of USCC_ALPHABET) {
          if (ch === code[i]) continue;
          expect(checkUscc(code.slice(0, i) + ch + code.slice(i + 1)).ok).toBe(false);
        }
      }
    }
  });

  it('every transposition of two different adjacent characters is caught', () => {
    const code = '91310115MA1H000011';
    for (let i = 0; i < 17; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(checkUscc(swapped).ok).toBe(false);
    }
  });
});

describe('usccCheckChar', () => {
  it('round-trips 500 random codes', () => {
    const next = rng(20240823);
    const pick = (s: string) => s.charAt(Math.floor(next() * s.length));
    for (let n = 0; n < 500; n++) {
      let first17 = pick(USCC_ALPHABET) + pick(USCC_ALPHABET);
      for (let i = 0; i < 6; i++) first17 += pick('0123456789');
      for (let i = 0; i < 9; i++) first17 += pick(USCC_ALPHABET);
      const code = withCheck(first17);
      expect(USCC_ALPHABET).toContain(code.charAt(17));
      const r = valid(code.toLowerCase());
      expect(r.uscc).toBe(code);
      expect(r.divisionCode).toBe(code.slice(2, 8));
      expect(r.inShanghai).toBe(code.startsWith('31', 2));
    }
  });

  it('a sum ≡ 0 (mod 31) gives check character 0', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('rejects input that is not 17 code characters', () => {
    expect(() => usccCheckChar('9131011')).toThrow(RangeError);
    expect(() => usccCheckChar('91310115MA1H00001X')).toThrow(RangeError);
    expect(() => usccCheckChar('91310115MA1HO0001')).toThrow(RangeError);
    expect(() => usccCheckChar('91310115ma1h00001')).toThrow(RangeError);
  });
});

describe('classifyEligibility', () => {
  it('government organs may not apply — 一(一)', () => {
    const e = classifyEligibility(valid('11310000MB0000001C'));
    expect(e).toMatchObject({ eligible: false, code: 'NOT_ELIGIBLE', clause: '一(一)' });
    if (!e.eligible) expect(e.detail).toContain('政府及其所属部门不能申报');
  });

  it('an organ outside Shanghai is refused as an organ', () => {
    expect(classifyEligibility(valid(withCheck('11110000MB0000001')))).toMatchObject({ clause: '一(一)' });
  });

  it('organisations registered outside Shanghai may not apply — 一', () => {
    const r = valid(withCheck('91110105MA1H00001')); // Beijing 朝阳区
    expect(r.inShanghai).toBe(false);
    const e = classifyEligibility(r);
    expect(e).toMatchObject({ eligible: false, code: 'NOT_ELIGIBLE', clause: '一' });
    if (!e.eligible) {
      expect(e.detail).toContain('110105');
      expect(e.detail).toContain('本市依法登记');
    }
  });

  it('public institutions need review; enterprises, social groups, private non-enterprises are eligible', () => {
    expect(classifyEligibility(valid('12310115MB00000016'))).toEqual({ eligible: true, eligibility: 'needs_review' });
    expect(classifyEligibility(valid('91310115MA1H000011'))).toEqual({ eligible: true, eligibility: 'eligible' });
    expect(classifyEligibility(valid('51310000MJ0000001N'))).toEqual({ eligible: true, eligibility: 'eligible' });
    expect(classifyEligibility(valid('52310104MJ0000001J'))).toEqual({ eligible: true, eligibility: 'eligible' });
  });
});
