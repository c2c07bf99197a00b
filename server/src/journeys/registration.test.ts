import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD } from '../bootstrap/journey.js';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * POST /auth/register (api-v1.md, Accounts; notice 一 and 一(一)): who may register, by the USCC.
 */
const withCheck = (first17: string) => first17 + usccCheckChar(first17);
const CHINESE = /[\u4e00-\u9fff]/;

let sys: TestSystem;
let n = 0;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => sys?.close());

function register(uscc: string, over: { username?: string; legalForm?: string; name?: string } = {}): Promise<LightMyRequestResponse> {
  n += 1;
  return new Client(sys.app).post('/auth/register', {
    username: over.username ?? `org_${n}`,
    password: DEFAULT_PASSWORD,
    organization: {
      name: over.name ?? `上海第${n}职业技能评价有限公司`,
      uscc,
      legalForm: over.legalForm ?? 'enterprise',
      district: '310115',
      address: '浦东新区世纪大道100号',
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '021-12345678',
      contactEmail: `org${n}@example.cn`,
    },
  });
}

function expectRefusal(res: LightMyRequestResponse, status: number, code: string, clause?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(body.detail).toMatch(CHINESE);
  if (clause) expect(body.clause).toBe(clause);
  return body as { detail: string; clause?: string };
}

async function nothingKept(username: string, uscc: string) {
  expect((await new Client(sys.app).post('/auth/login', { username, password: DEFAULT_PASSWORD })).statusCode).toBe(401);
  const org = await sys.database.db.selectFrom('organizations').select('id').where('uscc', '=', uscc.trim().toUpperCase()).executeTakeFirst();
  expect(org).toBeUndefined();
}

describe('the USCC is checked (GB 32100-2015)', () => {
  it('a wrong check character → 400 INVALID_USCC, telling which position', async () => {
    const good = '91310115MA1H000011';
    const bad = `${good.slice(0, 17)}2`;
    const body = expectRefusal(await register(bad, { username: 'badcheck' }), 400, 'INVALID_USCC');
    expect(body.detail).toContain('校验位');
    await nothingKept('badcheck', bad);
  });

  it('a wrong length or a letter the code never uses (I, O, Z, S, V) → 400 INVALID_USCC', async () => {
    expectRefusal(await register('91310115MA1H00001'), 400, 'INVALID_USCC');
    expectRefusal(await register('91310115MA1H0000111'), 400, 'INVALID_USCC');
    expectRefusal(await register('91310115MA1I000011'), 400, 'INVALID_USCC');
    expectRefusal(await register('91310115MA1O000011'), 400, 'INVALID_USCC');
    expectRefusal(await register('9131011 MA1H000011'), 400, 'INVALID_USCC');
  });
});

describe('who may register (一, 一(一))', () => {
  it('a government organ (11…) → 422 NOT_ELIGIBLE with clause 一(一)', async () => {
    const organ = withCheck('11310000MB0000001');
    const body = expectRefusal(await register(organ, { username: 'organ' }), 422, 'NOT_ELIGIBLE', '一(一)');
    expect(body.detail).toContain('机关');
    await nothingKept('organ', organ);
  });

  it('an organisation registered outside Shanghai (characters 3–4 not 31) → 422 NOT_ELIGIBLE', async () => {
    const beijing = withCheck('91110105MA0000001');
    const body = expectRefusal(await register(beijing, { username: 'beijing' }), 422, 'NOT_ELIGIBLE', '一');
    expect(body.detail).toContain('110105');
    await nothingKept('beijing', beijing);
    // whatever its type: a Jiangsu social group, a Zhejiang public institution
    expectRefusal(await register(withCheck('51320000MJ0000001'), { legalForm: 'social_group' }), 422, 'NOT_ELIGIBLE');
    expectRefusal(await register(withCheck('12330000MB0000001')), 422, 'NOT_ELIGIBLE');
  });

  it('a public institution (12…) registers, marked needs_review', async () => {
    const res = await register('12310115MB00000016', { username: 'shiye', legalForm: 'school' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.organization).toMatchObject({ uscc: '12310115MB00000016', eligibility: 'needs_review', legalForm: 'school' });
    expect(body.user).toMatchObject({ username: 'shiye', role: 'applicant', organizationId: body.organization.id });
  });

  it.each([
    ['a social group', '51310000MJ0000001N', 'social_group'],
    ['a private non-enterprise unit', '52310104MJ0000001J', 'private_non_enterprise'],
    ['an enterprise', '91310115MA1H000011', 'enterprise'],
  ])('%s (%s) is eligible', async (_what, uscc, legalForm) => {
    const res = await register(uscc, { legalForm });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().organization).toMatchObject({ uscc, eligibility: 'eligible', legalForm });
  });

  it('the answer carries the user and the organisation, never a secret; the new account signs in', async () => {
    const uscc = withCheck('91310101MA1H00003');
    const res = await register(uscc, { username: 'answer_shape', name: '上海黄浦评价有限公司' });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toMatch(/password|hash|argon/i);
    const body = res.json();
    expect(body.organization).toMatchObject({
      id: expect.any(String),
      name: '上海黄浦评价有限公司',
      uscc,
      district: '310115',
      contactName: '李四',
      contactPhone: '021-12345678',
    });
    const c = new Client(sys.app);
    const login = await c.login('answer_shape', DEFAULT_PASSWORD);
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ role: 'applicant', organizationId: body.organization.id });
  });
});

describe('one account per organisation and per name', () => {
  it('a USCC already registered → 409 DUPLICATE', async () => {
    const uscc = withCheck('91310104MA1H00002');
    expect((await register(uscc, { username: 'first_owner' })).statusCode).toBe(201);
    expectRefusal(await register(uscc, { username: 'second_owner' }), 409, 'DUPLICATE');
    expect((await new Client(sys.app).post('/auth/login', { username: 'second_owner', password: DEFAULT_PASSWORD })).statusCode).toBe(401);
  });

  it('a username already taken → 409 DUPLICATE, whatever its case', async () => {
    expect((await register(withCheck('91310106MA1H00004'), { username: 'taken_name' })).statusCode).toBe(201);
    const other = withCheck('91310106MA1H00005');
    expectRefusal(await register(other, { username: 'taken_name' }), 409, 'DUPLICATE');
    expectRefusal(await register(other, { username: 'Taken_Name' }), 409, 'DUPLICATE');
    expect(await sys.database.db.selectFrom('organizations').select('id').where('uscc', '=', other).executeTakeFirst()).toBeUndefined();
    // nor can the admin create a staff account under that name
    const admin = new Client(sys.app);
    expect((await admin.login('admin', 'Chief-Passw0rd!')).statusCode).toBe(200);
    expectRefusal(await admin.post('/users', { username: 'TAKEN_NAME', password: 'Temp#Pass-2024', role: 'center', displayName: '经办人' }), 409, 'DUPLICATE');
    // and a staff name is taken for organisations too
    expect((await admin.post('/users', { username: 'staff_name', password: 'Temp#Pass-2024', role: 'center', displayName: '经办人' })).statusCode).toBe(201);
    expectRefusal(await register(withCheck('91310106MA1H00007'), { username: 'staff_name' }), 409, 'DUPLICATE');
  });

  it('a lower-case USCC (with stray spaces) is normalised — and is then the same organisation', async () => {
    const uscc = withCheck('91310107MA1H00006');
    const res = await register(`  ${uscc.toLowerCase()} `, { username: 'lower_case' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().organization.uscc).toBe(uscc);
    const row = await sys.database.db.selectFrom('organizations').select('uscc').where('id', '=', res.json().organization.id).executeTakeFirstOrThrow();
    expect(row.uscc).toBe(uscc);
    expectRefusal(await register(uscc, { username: 'upper_case' }), 409, 'DUPLICATE');
    // a lower-case check character is checked as upper case
    const withLetterCheck = withCheck('91310115MA1H00004'); // …A
    expect(withLetterCheck.endsWith('A')).toBe(true);
    const lower = await register(withLetterCheck.toLowerCase(), { username: 'lower_check' });
    expect(lower.statusCode, lower.body).toBe(201);
    expect(lower.json().organization.uscc).toBe(withLetterCheck);
  });

  it('registration is throttled per IP (RATE_LIMITED)', async () => {
    const limited = await createTestSystem({ env: { RATE_REGISTER_PER_HOUR: '2' } });
    try {
      const send = (u: string, uscc: string) =>
        new Client(limited.app).post('/auth/register', {
          username: u,
          password: DEFAULT_PASSWORD,
          organization: {
            name: '限流公司',
            uscc,
            legalForm: 'enterprise',
            district: '310115',
            address: '地址',
            legalRepresentative: '张三',
            contactName: '李四',
            contactPhone: '13800138000',
            contactEmail: 'a@example.cn',
          },
        });
      expect((await send('rl_1', withCheck('91310115MA1H00011'))).statusCode).toBe(201);
      expect((await send('rl_2', withCheck('91310115MA1H00012'))).statusCode).toBe(201);
      const third = await send('rl_3', withCheck('91310115MA1H00013'));
      expectRefusal(third, 429, 'RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
