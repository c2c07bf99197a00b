import { sql } from 'kysely';
import { hash } from '@node-rs/argon2';
import type { Db } from '../server/src/platform/db/database.js';

/**
 * Bulk seeding straight into PostgreSQL (generate_series), so a bench measures the system under
 * load, not the seeding. Rows are shaped exactly as the application writes them.
 */
export const BENCH_PASSWORD = 'Bench#Pass2024';

const W1 = [
  '浦江',
  '东方',
  '申城',
  '华夏',
  '金桥',
  '张江',
  '外滩',
  '徐汇',
  '静安',
  '虹桥',
  '临港',
  '松江',
  '嘉定',
  '宝山',
  '青浦',
  '奉贤',
  '崇明',
  '长宁',
  '杨浦',
  '普陀',
];
const W2 = [
  '职业技能',
  '人才发展',
  '培训评价',
  '教育科技',
  '技能鉴定',
  '现代服务',
  '智能制造',
  '餐饮烹饪',
  '美容美发',
  '家政服务',
  '信息技术',
  '物流管理',
  '楼宇科技',
  '安防技术',
  '健康养老',
  '汽车服务',
  '文化创意',
];
export const NAME_FRAGMENTS = [...W1, ...W2];
export const DISTRICTS = [
  '310101',
  '310104',
  '310105',
  '310106',
  '310107',
  '310109',
  '310110',
  '310112',
  '310113',
  '310114',
  '310115',
  '310116',
  '310117',
  '310118',
  '310120',
  '310151',
];

async function campaignId(db: Db): Promise<string> {
  const c = await db.selectFrom('campaigns').select('id').where('doc_number', '=', '沪人社职〔2024〕270号').executeTakeFirstOrThrow();
  return c.id;
}

/** n organisations (prefix makes USCCs unique per batch), each with an applicant user. */
async function seedOrgs(db: Db, prefix: string, n: number, offset = 0): Promise<void> {
  const pw = await hash(BENCH_PASSWORD);
  await sql`
    INSERT INTO organizations (id, name, uscc, legal_form, district, address, legal_representative, contact_name, contact_phone, contact_email, eligibility)
    SELECT gen_random_uuid(),
           '上海' || (${sql.val(W1)}::text[])[1 + (i % ${W1.length})] || (${sql.val(W2)}::text[])[1 + (i % ${W2.length})] || '有限公司' || ${prefix} || i,
           '9131' || ${prefix} || lpad(i::text, 12, '0'),
           'enterprise', (${sql.val(DISTRICTS)}::text[])[1 + (i % 16)], '上海市示例路' || i || '号', '张三', '李四', '13800138000', 'bench@example.cn', 'eligible'
    FROM generate_series(${offset + 1}::int, ${offset + n}::int) AS i`.execute(db);
  await sql`
    INSERT INTO users (username, password_hash, role, display_name, organization_id)
    SELECT lower(${prefix}) || '_' || substr(o.uscc, 7), ${pw}, 'applicant', o.name, o.id
    FROM organizations o WHERE o.uscc LIKE '9131' || ${prefix} || '%'
    ON CONFLICT DO NOTHING`.execute(db);
}

/** An application per organisation of the batch, with `items` items (distinct seqs) and one site. */
async function seedApplications(db: Db, prefix: string, status: string, itemStatus: string, items: number): Promise<void> {
  const cid = await campaignId(db);
  await sql`
    INSERT INTO applications (campaign_id, organization_id, status, industry_authority, recommendation_round, submitted_at, first_submitted_at)
    SELECT ${cid}, o.id, ${status}, '上海市商务委员会', 1,
           CASE WHEN ${status} IN ('draft', 'recommended') THEN NULL ELSE timestamptz '2024-08-26T10:00:00+08:00' END,
           CASE WHEN ${status} IN ('draft', 'recommended') THEN NULL ELSE timestamptz '2024-08-26T10:00:00+08:00' END
    FROM organizations o WHERE o.uscc LIKE '9131' || ${prefix} || '%'`.execute(db);
  await sql`
    INSERT INTO application_items (application_id, campaign_item_id, levels, status, position)
    SELECT a.id, ci.id, ci.levels, ${itemStatus}, k
    FROM applications a
    JOIN organizations o ON o.id = a.organization_id AND o.uscc LIKE '9131' || ${prefix} || '%'
    CROSS JOIN generate_series(0, ${items - 1}::int) AS k
    JOIN campaign_items ci ON ci.campaign_id = a.campaign_id AND ci.seq = 1 + ((abs(hashtext(a.id::text)) + k * 29) % 87)`.execute(db);
  await sql`
    INSERT INTO sites (application_id, name, address, district, position)
    SELECT a.id, '考核点', '上海市示例路1号', o.district, 0
    FROM applications a JOIN organizations o ON o.id = a.organization_id AND o.uscc LIKE '9131' || ${prefix} || '%'`.execute(db);
}

/** Name parts of the directory's organisations: a two-character brand, a trade, a form. */
const BRAND1 = [...'浦东申华金张外徐静虹临松嘉宝青奉崇长杨普新中海天明德信诚博恒瑞康泰安丰盛宏达通联创'];
const BRAND2 = [...'江方城夏桥汇港源远兴鑫鼎航晟誉峰程辉悦越卓锦睿启晨曦泓沣澜瀚润霖岚嵘煜烨炜璟瑜琪'];
const FORMS = ['有限公司', '培训学校', '股份有限公司', '教育科技有限公司', '服务中心'];

/** The name of the directory's organisation i (1-based): distinct for every i up to 41 × 40 × 17. */
export function directoryName(i: number): string {
  const a = i % BRAND1.length;
  const b = Math.floor(i / BRAND1.length) % BRAND2.length;
  const w = Math.floor(i / (BRAND1.length * BRAND2.length)) % W2.length;
  return `上海${BRAND1[a]}${BRAND2[b]}${W2[w]}${FORMS[(i * 7) % FORMS.length]}`;
}
export const directoryUscc = (i: number) => `9131DR${String(i).padStart(12, '0')}`;
export const DIRECTORY_ITEMS_PER_ORG = 5;

/**
 * directory: `orgs` organisations with 5 active filings each (distinct catalogue items, stride 17
 * of 87), one assessment site in their own district and, for every third, a second one elsewhere.
 * Set-wise: a few INSERT … SELECT statements whatever the size (≈ 10 s for 100,000 filings).
 */
export async function seedDirectory(db: Db, orgs = 20_000): Promise<{ organizations: number; filings: number }> {
  const cid = await campaignId(db);
  const ids = Array.from({ length: orgs }, (_, k) => k + 1);
  await sql`
    INSERT INTO organizations (id, name, uscc, legal_form, district, address, legal_representative, contact_name, contact_phone, contact_email, eligibility)
    SELECT gen_random_uuid(), n.name, n.uscc, 'enterprise', (${sql.val(DISTRICTS)}::text[])[1 + (n.i % 16)], '上海市示例路' || n.i || '号',
           '张三', '李四', '13800138000', 'bench@example.cn', 'eligible'
    FROM unnest(${sql.val(ids)}::int[], ${sql.val(ids.map(directoryName))}::text[], ${sql.val(ids.map(directoryUscc))}::text[]) AS n(i, name, uscc)`.execute(
    db,
  );
  await sql`
    INSERT INTO applications (campaign_id, organization_id, status, industry_authority, recommendation_round, submitted_at, first_submitted_at)
    SELECT ${cid}, o.id, 'institution_passed', '上海市商务委员会', 1, timestamptz '2024-08-26T10:00:00+08:00', timestamptz '2024-08-26T10:00:00+08:00'
    FROM organizations o WHERE o.uscc LIKE '9131DR%'`.execute(db);
  await sql`ANALYZE organizations, applications`.execute(db); // else the planner, blind, takes 30 s over the next join
  await sql`
    INSERT INTO application_items (application_id, campaign_item_id, levels, status, position)
    SELECT a.id, ci.id, ci.levels, 'filed', k
    FROM applications a
    JOIN organizations o ON o.id = a.organization_id AND o.uscc LIKE '9131DR%'
    CROSS JOIN generate_series(0, ${DIRECTORY_ITEMS_PER_ORG - 1}::int) AS k
    JOIN campaign_items ci ON ci.campaign_id = a.campaign_id AND ci.seq = 1 + ((abs(hashtext(a.id::text)) + k * 17) % 87)`.execute(db);
  await sql`
    INSERT INTO sites (application_id, name, address, district, position)
    SELECT a.id, '考核点', '上海市示例路1号', CASE WHEN p = 0 THEN o.district ELSE (${sql.val(DISTRICTS)}::text[])[1 + (abs(hashtext(o.uscc)) % 16)] END, p
    FROM applications a JOIN organizations o ON o.id = a.organization_id AND o.uscc LIKE '9131DR%'
    CROSS JOIN generate_series(0, 1) AS p
    WHERE p = 0 OR right(o.uscc, 3)::int % 3 = 0`.execute(db);
  const r = await sql<{ n: string }>`
    WITH f AS (
      INSERT INTO filings (receipt_no, application_item_id, organization_id, filed_on, valid_until, status, created_at)
      SELECT 'SHPB-2024-' || lpad(n::text, greatest(5, length(n::text)), '0'), id, organization_id, date '2024-10-09', date '2027-10-08', 'active', now()
      FROM (
        SELECT i.id, a.organization_id, row_number() OVER (ORDER BY i.id) AS n
        FROM application_items i JOIN applications a ON a.id = i.application_id
        JOIN organizations o ON o.id = a.organization_id AND o.uscc LIKE '9131DR%'
      ) t
      RETURNING 1
    ) SELECT count(*) AS n FROM f`.execute(db);
  await sql`INSERT INTO receipt_counters (year, last) SELECT 2024, count(*) FROM filings ON CONFLICT (year) DO UPDATE SET last = excluded.last`.execute(db);
  await sql`ANALYZE`.execute(db);
  return { organizations: orgs, filings: Number(r.rows[0]!.n) };
}

/** surge: n applicants whose applications are recommended, with nothing uploaded yet. */
export async function seedSurge(db: Db, n = 200): Promise<string[]> {
  await seedOrgs(db, 'SU', n);
  await seedApplications(db, 'SU', 'recommended', 'pending', 1);
  const pw = await hash(BENCH_PASSWORD);
  await db
    .insertInto('users')
    .values({ username: 'bench_recommender', password_hash: pw, role: 'industry_authority', display_name: '上海市商务委员会', authority: '上海市商务委员会' })
    .execute();
  await sql`
    INSERT INTO recommendations (application_id, round, role, district, authority, decision, comment, by_user, at)
    SELECT a.id, 1, r.role, CASE WHEN r.role = 'district_hr' THEN s.district END, CASE WHEN r.role = 'industry_authority' THEN a.industry_authority END,
           'recommend', '同意', (SELECT id FROM users WHERE username = 'bench_recommender'), now()
    FROM applications a JOIN organizations o ON o.id = a.organization_id AND o.uscc LIKE '9131SU%'
    JOIN sites s ON s.application_id = a.id
    CROSS JOIN (VALUES ('industry_authority'), ('district_hr')) AS r(role)`.execute(db);
  const users = await db.selectFrom('users').select('username').where('username', 'like', 'su_%').orderBy('username').execute();
  return users.map((u) => u.username);
}

/** transitions: n submitted applications (one item each), and the staff who will drive them. */
export async function seedSubmitted(db: Db, n = 1000): Promise<void> {
  await seedOrgs(db, 'TR', n);
  await seedApplications(db, 'TR', 'submitted', 'pending', 1);
  const pw = await hash(BENCH_PASSWORD);
  const staff = [
    ...Array.from({ length: 4 }, (_, i) => ({ username: `bench_center${i}`, role: 'center' as const })),
    ...Array.from({ length: 2 }, (_, i) => ({ username: `bench_bureau${i}`, role: 'bureau' as const })),
    ...Array.from({ length: 3 }, (_, i) => ({ username: `bench_expert${i}`, role: 'expert' as const })),
  ];
  await db
    .insertInto('users')
    .values(staff.map((s) => ({ username: s.username, password_hash: pw, role: s.role, display_name: s.username })))
    .execute();
}

/** sweep: `total` filings with expiry deadlines, `due` of them already past on the business clock. */
export async function seedSweep(db: Db, total = 100_000, due = 10_000): Promise<void> {
  await seedOrgs(db, 'SW', 1000);
  await seedApplications(db, 'SW', 'institution_passed', 'filed', 1);
  // 100 items per application would break the one-item-per-catalogue-entry rule; instead many
  // applications' worth of items: reuse the 1,000 organisations across synthetic campaigns.
  await sql`
    WITH c AS (
      INSERT INTO campaigns (doc_number, title, opens_at, closes_at, rules)
      SELECT 'BENCH-' || g, 'bench', timestamptz '2020-01-01', timestamptz '2020-02-01', '{"publicityWorkingDays":5,"projectEvaluationMonths":3,"cooldownMonths":12,"filingValidityYears":3,"correctionWorkingDays":5,"minExpertReviews":3}'
      FROM generate_series(1, ${Math.ceil(total / 1000)}::int) g RETURNING id
    )
    INSERT INTO campaign_items (campaign_id, seq, name, occupation, work_type, kind, levels, occupation_code, official_name, aliases)
    SELECT c.id, 1, '基准项目', '基准项目', NULL, 'occupation', '{3}', NULL, '基准项目', '{}' FROM c`.execute(db);
  await sql`
    INSERT INTO applications (campaign_id, organization_id, status, industry_authority)
    SELECT ci.campaign_id, o.id, 'institution_passed', '基准'
    FROM campaign_items ci JOIN campaigns c ON c.id = ci.campaign_id AND c.doc_number LIKE 'BENCH-%'
    CROSS JOIN organizations o WHERE o.uscc LIKE '9131SW%'`.execute(db);
  await sql`
    INSERT INTO application_items (application_id, campaign_item_id, levels, status, position)
    SELECT a.id, ci.id, '{3}', 'filed', 0
    FROM applications a JOIN campaign_items ci ON ci.campaign_id = a.campaign_id
    JOIN campaigns c ON c.id = a.campaign_id AND c.doc_number LIKE 'BENCH-%'`.execute(db);
  await sql`
    INSERT INTO filings (receipt_no, application_item_id, organization_id, filed_on, valid_until, status, created_at)
    SELECT 'SWPB-2021-' || lpad(n::text, 6, '0'), id, organization_id, date '2021-01-04',
           CASE WHEN n <= ${due} THEN date '2024-01-05' ELSE date '2029-01-05' END, 'active', now()
    FROM (
      SELECT i.id, a.organization_id, row_number() OVER (ORDER BY i.id) AS n
      FROM application_items i JOIN applications a ON a.id = i.application_id
      JOIN campaigns c ON c.id = a.campaign_id AND c.doc_number LIKE 'BENCH-%'
      LIMIT ${total}
    ) t`.execute(db);
  await sql`
    INSERT INTO deadlines (kind, subject_id, due_at)
    SELECT 'filing_expiry', receipt_no, (valid_until + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
    FROM filings WHERE receipt_no LIKE 'SWPB-%'`.execute(db);
  // a register in service has been vacuumed and analysed since its rows were written: without this,
  // autovacuum wakes up on the fresh tables within the minute — during the sweep, on the same CPUs
  await sql`VACUUM (ANALYZE)`.execute(db);
}
