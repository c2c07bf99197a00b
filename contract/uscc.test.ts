import { describe, expect, it } from 'vitest';
import { checkUscc, classifyEligibility, normalizeUscc, USCC_ALPHABET, USCC_TYPES, usccCheckChar, type UsccValid } from './uscc.js';

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
/** what a Chinese IME types: full-width forms (U+FF01–FF5E) */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

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
    expect(r).toMatchObject({ ok: true, uscc: code, kind, divisionCode: division, inShanghai: true });
    expect(r.type.code).toBe(code.slice(0, 2));
    expect(usccCheckChar(code.slice(0, 17))).toBe(code.slice(17));
    const e = classifyEligibility(r);
    if (eligibility === null) expect(e.eligible).toBe(false);
    else expect(e).toMatchObject({ eligible: true, eligibility });
  });

  it('foundations (53) and other types are classified', () => {
    expect(valid(withCheck('53310000MJ0000001')).kind).toBe('foundation');
    expect(valid(withCheck('92310115MA1H00001')).kind).toBe('other'); // 个体工商户
    expect(valid(withCheck('Y1310115MA1H00001')).kind).toBe('other');
    expect(classifyEligibility(valid(withCheck('53310000MJ0000001')))).toMatchObject({ eligible: true, eligibility: 'needs_review' });
  });
});

describe('checkUscc — normalisation', () => {
  it('folds full-width input from Chinese IMEs (NFKC)', () => {
    expect(fullWidth('91310115MA1H000011')).toBe(
      '\uff19\uff11\uff13\uff11\uff10\uff11\uff11\uff15\uff2d\uff21\uff11\uff28\uff10\uff10\uff10\uff10\uff11\uff11',
    );
    expect(normalizeUscc(fullWidth('91310115MA1H000011'))).toBe('91310115MA1H000011');
    expect(valid(fullWidth('91310115MA1H000011')).uscc).toBe('91310115MA1H000011');
    expect(valid('９1310115MA1H000011').kind).toBe('enterprise'); // one full-width digit
    expect(valid(fullWidth('51310000mj0000001n')).uscc).toBe('51310000MJ0000001N'); // full-width lower case
    expect(valid('91310115MA1H000011　').uscc).toBe('91310115MA1H000011'); // ideographic space
  });

  it('drops spaces and hyphens (copied from a licence) before counting', () => {
    expect(valid('9131 0115 MA1H 0000 11').uscc).toBe('91310115MA1H000011');
    expect(valid('91310115-MA1H00001-1').uscc).toBe('91310115MA1H000011');
    expect(valid('91310115－MA1H000011').uscc).toBe('91310115MA1H000011'); // full-width hyphen
    expect(valid('91310115—MA1H000011').uscc).toBe('91310115MA1H000011'); // dash
    expect(reasonOf('91310115 A1H000011')).toContain('17位');
  });

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
      ['91310115！A1H000011', 9], // full-width ！ folds to !, still not a code character
      ['91310115MA1H00001＊', 18],
    ] as const) {
      const reason = reasonOf(raw);
      expect(reason).toContain(`第${pos}位`);
      expect(reason).toContain('I、O、Z、S、V');
      expect(reason).toContain(HINT);
    }
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
    expect(reason).toContain('第3位却是“A”');
    expect(reason).toContain(HINT);
  });

  it('says which character is wrong, and shows it', () => {
    expect(reasonOf('91310115MA1HO00011')).toContain('第13位“O”');
    expect(reasonOf('91310115!A1H000011')).toContain('第9位“!”');
  });

  it('a code with an extra character says which characters are extra', () => {
    const reason = reasonOf('91310115MA1H0000119X');
    expect(reason).toContain('20位');
    expect(reason).toContain('第19位起的“9X”是多出的');
  });

  it('a code too short says how many are missing', () => {
    expect(reasonOf('91310115MA1H0000')).toContain('少了2位');
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
      if (!USCC_TYPES.has(code.slice(0, 2))) {
        expect(reasonOf(code)).toMatch(/第[12]位/);
        continue;
      }
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
    expect(classifyEligibility(valid('12310115MB00000016'))).toMatchObject({ eligible: true, eligibility: 'needs_review' });
    expect(classifyEligibility(valid('91310115MA1H000011'))).toEqual({ eligible: true, eligibility: 'eligible' });
    expect(classifyEligibility(valid('51310000MJ0000001N'))).toEqual({ eligible: true, eligibility: 'eligible' });
    expect(classifyEligibility(valid('52310104MJ0000001J'))).toEqual({ eligible: true, eligibility: 'eligible' });
  });
});

/**
 * GB 32100-2015 table 1 (with 第1号修改单): every pair of characters 1–2 the standard defines, and
 * how clause 一 of the notice treats it (api-v1, "Eligibility by USCC").
 */
const STANDARD: readonly (readonly [string, 'not_eligible' | 'eligible' | 'needs_review'])[] = [
  ['11', 'not_eligible'],
  ['12', 'needs_review'],
  ['13', 'not_eligible'],
  ['19', 'not_eligible'],
  ['21', 'needs_review'],
  ['29', 'needs_review'],
  ['31', 'needs_review'],
  ['32', 'needs_review'],
  ['33', 'needs_review'],
  ['34', 'needs_review'],
  ['35', 'needs_review'],
  ['39', 'needs_review'],
  ['41', 'needs_review'],
  ['49', 'needs_review'],
  ['51', 'eligible'],
  ['52', 'eligible'],
  ['53', 'needs_review'],
  ['59', 'needs_review'],
  ['61', 'needs_review'],
  ['62', 'needs_review'],
  ['69', 'needs_review'],
  ['71', 'needs_review'],
  ['72', 'needs_review'],
  ['79', 'needs_review'],
  ['81', 'needs_review'],
  ['89', 'needs_review'],
  ['91', 'eligible'],
  ['92', 'not_eligible'],
  ['93', 'eligible'],
  ['A1', 'not_eligible'],
  ['A9', 'not_eligible'],
  ['N1', 'needs_review'],
  ['N2', 'needs_review'],
  ['N3', 'needs_review'],
  ['N9', 'needs_review'],
  ['Y1', 'needs_review'],
];

describe('characters 1–2: the registering authority and type GB 32100-2015 defines', () => {
  it('the table is exactly the standard’s', () => {
    expect([...USCC_TYPES.keys()].sort()).toEqual(STANDARD.map(([code]) => code).sort());
  });

  it.each(STANDARD)('%s → %s', (pair, expected) => {
    const r = valid(withCheck(`${pair}310115MA1H00001`));
    expect(r.type.code).toBe(pair);
    const e = classifyEligibility(r);
    if (expected === 'not_eligible') {
      expect(e).toMatchObject({ eligible: false, code: 'NOT_ELIGIBLE' });
      if (!e.eligible) {
        expect(e.detail).toContain(pair);
        expect(e.detail).toMatch(/机关|编办|军队|个体工商户/);
        expect(['一', '一(一)']).toContain(e.clause);
      }
    } else {
      expect(e).toMatchObject({ eligible: true, eligibility: expected });
      if (e.eligible && expected === 'needs_review') expect(e.note).toContain('市职鉴中心');
    }
  });

  it('reasons: organs and 编办 bodies cite 一(一); military units and 个体工商户 cite 一', () => {
    const refusal = (pair: string) => {
      const e = classifyEligibility(valid(withCheck(`${pair}310115MA1H00001`)));
      if (e.eligible) throw new Error(`${pair} should be refused`);
      return e;
    };
    expect(refusal('11')).toMatchObject({ clause: '一(一)' });
    expect(refusal('13').detail).toContain('编办');
    expect(refusal('13').clause).toBe('一(一)');
    expect(refusal('19').clause).toBe('一(一)');
    expect(refusal('A1').detail).toContain('军队');
    expect(refusal('A9').clause).toBe('一');
    expect(refusal('92').detail).toContain('个体工商户不是法人');
    expect(refusal('92').clause).toBe('一');
  });

  it('a refused type is refused as that type even outside Shanghai; an eligible type outside Shanghai is not', () => {
    expect(classifyEligibility(valid(withCheck('92110105MA1H00001')))).toMatchObject({ clause: '一' });
    expect((classifyEligibility(valid(withCheck('92110105MA1H00001'))) as { detail: string }).detail).toContain('个体工商户');
    expect(classifyEligibility(valid(withCheck('93110105MA1H00001')))).toMatchObject({ eligible: false, clause: '一' });
    expect(classifyEligibility(valid(withCheck('53110105MA1H00001')))).toMatchObject({ eligible: false, clause: '一' });
  });

  it.each([
    ['04', 1, '0'],
    ['00', 1, '0'],
    ['B1', 1, 'B'],
    ['G1', 1, 'G'],
    ['Q1', 1, 'Q'],
    ['1A', 2, 'A'],
    ['14', 2, '4'],
    ['22', 2, '2'],
    ['36', 2, '6'],
    ['54', 2, '4'],
    ['82', 2, '2'],
    ['94', 2, '4'],
    ['99', 2, '9'],
    ['A2', 2, '2'],
    ['N4', 2, '4'],
    ['Y2', 2, '2'],
    ['Y9', 2, '9'],
  ] as const)('undefined pair %s → INVALID_USCC naming character %i “%s”', (pair, pos, ch) => {
    const code = withCheck(`${pair}310115MA1H00001`); // a correct check character: only the type is wrong
    const reason = reasonOf(code);
    expect(reason).toContain(`第${pos}位“${ch}”`);
    expect(reason).toContain(pos === 1 ? '登记管理部门代码' : '机构类别代码');
    expect(reason).toContain(HINT);
  });

  it('the type is checked on full-width input too', () => {
    expect(reasonOf(fullWidth(withCheck('04310115MA1H00001')))).toContain('第1位“0”');
    const e = classifyEligibility(valid(fullWidth(withCheck('92310115MA1H00001'))));
    expect(e).toMatchObject({ eligible: false, code: 'NOT_ELIGIBLE' });
  });
});

describe('checkUscc — the issue as data (for a page in another language)', () => {
  const withCheck = (first17: string) => first17 + usccCheckChar(first17);
  it('says which rule failed, with the same facts as the sentence', () => {
    const issue = (raw: string) => {
      const r = checkUscc(raw);
      if (r.ok) throw new Error(`expected ${raw} to fail`);
      return r.issue;
    };
    expect(issue('9131011')).toEqual({ kind: 'length', length: 7 });
    expect(issue(`${withCheck('91310115MA1H00001')}9`)).toEqual({ kind: 'length', length: 19, extra: '9' });
    expect(issue('91310115MA1H0000I1')).toEqual({ kind: 'character', position: 17, char: 'I' });
    expect(issue(withCheck('F1310115MA1H00001')).kind).toBe('authority');
    expect(issue(withCheck('94310115MA1H00001'))).toMatchObject({ kind: 'type', char: '4', first: '9', allowed: ['1', '2', '3'] });
    expect(issue(withCheck('91A10115MA1H00001'))).toEqual({ kind: 'division', position: 3, char: 'A' });
    const good = withCheck('91310115MA1H00001');
    const wrong = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    expect(issue(wrong)).toEqual({ kind: 'check' });
  });
  it('an ineligible code says whether its type or its division bars it', () => {
    const typeBarred = checkUscc(withCheck('11310115MB0000001'));
    const outside = checkUscc(withCheck('91110105MA0000001'));
    if (!typeBarred.ok || !outside.ok) throw new Error('expected valid codes');
    expect(classifyEligibility(typeBarred)).toMatchObject({ eligible: false, why: 'type' });
    expect(classifyEligibility(outside)).toMatchObject({ eligible: false, why: 'outside' });
  });
});
