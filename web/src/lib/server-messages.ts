/**
 * Text the server writes, in the page's language (issue 13; docs/decisions/0021-english-server-text.md).
 * The server's Chinese is the record (checklist `detail`, history `action`, a message's title and
 * body); for an applicant who chose English the page writes its own sentence from what is stable:
 * a blocker's `key` and `params`, a history action's fixed wording, a message's `kind` and the fixed
 * shape of its title. What has no English here is shown as the server wrote it, marked Chinese.
 */
import { APPLICATION_STATUS_LABELS, ITEM_STATUS_LABELS, MATERIAL_KIND_LABELS, ROLE_LABELS } from '../../../contract/enums';
import type { ApplicationStatus, ItemStatus, MaterialKind, Role } from '../../../contract/enums';
import type { Blocker, BlockerKey } from '../../../contract/errors';
import { formatDate, formatDateTime } from './format';
import { format, type Lang } from './i18n';
import { applicationStatusLabel, districtName, itemStatusLabel } from './vocab';

/** The checklist's sentences (一次性告知), by key; `{who}` is the recommender named in English. */
const BLOCKER_EN: Record<BlockerKey, string> = {
  window_not_open: 'Submissions open on {opensAt}; submit after that.',
  window_closed: 'Submissions closed on {closesAt} and the system no longer accepts them; watch for the next call.',
  correction_lapsed: 'The correction period ({days} working days, a rule of this call) ended at midnight on {dueOn}; corrections can no longer be submitted.',
  cooldown:
    'Your organisation applied for “{priorItem}” on {submittedOn}; the same occupation may not be applied for again within {months} months (from {allowedFrom}). Remove “{item}” from the items.',
  recommendation_declined: '{who} did not recommend the application: revise it as their comment says and request the recommendation again.',
  recommendation_awaiting: 'Not yet recommended by {who}: the recommendation was requested and waits for them.',
  recommendation_not_requested: 'Not yet recommended by {who}: request the recommendations first, then wait for them.',
  material_missing: 'Missing: {kind}. Upload it as a PDF file.',
  sample_papers_short: '“{item}” needs {missing} more sample paper(s) ({perItem} for each occupation applied for).',
  no_items: 'No occupation chosen yet: choose at least one.',
  no_sites: 'No assessment site yet: add at least one, with its district.',
};
const NO_ACCOUNT_EN =
  ' This authority has no account in the system and cannot recommend online: obtain a paper letter of recommendation from “{authority}”, which the Centre enters for you.';

/** The materials of 四(一), glossed in English (the notice's own names stay its Chinese). */
export const MATERIAL_KIND_EN: Record<MaterialKind, string> = {
  credit_proof: 'Credit evidence of the applicant (e.g. a credit report)',
  application_form: 'Application form for the call (stamped, scanned)',
  license_copy: 'Copy of the legal-person registration certificate or business licence',
  work_plan: 'Work plan for skill-level certification',
  sample_paper: 'Question bank (sample papers)',
  recommendation_letter: 'Letter of recommendation',
  site_photo: 'Site inspection photos (JPEG/PNG, uploaded by the Centre)',
  project_material: 'Project evaluation materials',
};
export const materialKindText = (k: MaterialKind, lang: Lang) => (lang === 'en' ? MATERIAL_KIND_EN[k] : MATERIAL_KIND_LABELS[k]);

const ROLE_EN: Record<Role, string> = {
  applicant: 'applicant',
  industry_authority: 'industry authority',
  district_hr: 'district HR bureau',
  center: 'Appraisal Centre',
  expert: 'expert',
  bureau: 'Municipal HR Bureau',
  admin: 'administrator',
  auditor: 'security auditor',
};

const str = (v: string | number | undefined) => (v === undefined ? '' : String(v));

/** A checklist blocker in the page's language: the server's Chinese, or the English written from its key. */
export function blockerSentence(b: { key?: string; params?: Blocker['params'] }, lang: Lang): string | undefined {
  if (lang !== 'en' || !b.key || !(b.key in BLOCKER_EN)) return undefined;
  const p = b.params ?? {};
  const who =
    p.who === 'industry_authority' ? `the industry authority “${str(p.authority)}”` : `the HR bureau of ${districtName(str(p.district), 'en')} district`;
  const text = format(BLOCKER_EN[b.key as BlockerKey], {
    ...p,
    who,
    kind: p.kind ? materialKindText(p.kind as MaterialKind, 'en') : undefined,
    opensAt: p.opensAt ? formatDateTime(str(p.opensAt), 'en') : undefined,
    closesAt: p.closesAt ? formatDateTime(str(p.closesAt), 'en') : undefined,
    dueOn: p.dueOn ? formatDate(str(p.dueOn), 'en') : undefined,
    submittedOn: p.submittedOn ? formatDate(str(p.submittedOn), 'en') : undefined,
    allowedFrom: p.allowedFrom ? formatDate(str(p.allowedFrom), 'en') : undefined,
  });
  const sentence = b.key === 'recommendation_declined' ? text.replace(/^t/, 'T') : text;
  return p.noAccount ? sentence + format(NO_ACCOUNT_EN, { authority: str(p.authority) }) : sentence;
}

/** The history's actions (workflow/decide.ts and the deadlines'), by their fixed Chinese wording. */
const HISTORY_EN: Record<string, string> = {
  创建申报: 'Application created',
  修改申报信息: 'Application edited',
  '修改申报信息（需重新申请推荐）': 'Application edited (recommendations to be requested again)',
  声明符合申报条件: 'Declared the conditions of the call met',
  撤回申报条件声明: 'Declaration of the conditions withdrawn',
  申请推荐: 'Recommendation requested',
  推荐: 'Recommended',
  不予推荐: 'Not recommended',
  提交申报: 'Application submitted',
  补正后重新提交: 'Resubmitted after correction',
  受理: 'Accepted',
  不予受理: 'Not accepted',
  退回补正: 'Returned for correction',
  逾期未补正: 'Correction period passed without a correction',
  指派评估专家: 'Experts assigned',
  专家提交评审意见: 'Expert review submitted',
  专家声明利益冲突并回避: 'An expert declared a conflict of interest and withdrew',
  机构评估通过: 'Passed the institution evaluation',
  机构评估未通过: 'Failed the institution evaluation',
  提交项目评估材料: 'Project evaluation materials submitted',
  项目评估: 'Project evaluation',
  '逾期未完成项目评估，视作放弃': 'Project evaluation not completed in time: treated as abandoned',
  市人社局同意: 'Approved by the Municipal HR Bureau',
  市人社局不同意: 'Not approved by the Municipal HR Bureau',
  公示: 'Public notice',
  异议成立: 'Objection upheld',
  异议不成立: 'Objection not upheld',
  '公示期满，异议成立，不予备案': 'Public notice ended; objection upheld; not filed',
  备案: 'Filed',
  备案有效期届满: 'Filing expired',
  暂停备案: 'Filing suspended',
  恢复备案: 'Filing resumed',
  撤销备案: 'Filing revoked',
  撤回申报: 'Application withdrawn',
};
const SITE_INSPECTION = '现场考察：';

/** A history entry's action in the page's language (undefined: keep the server's words). */
export function historyAction(action: string, lang: Lang): string | undefined {
  if (lang !== 'en') return undefined;
  if (action.startsWith(SITE_INSPECTION)) return `Site inspection: ${action.slice(SITE_INSPECTION.length)}`;
  return HISTORY_EN[action];
}

/** The notes the rules write with fixed wording (a date, a count, a number filled in); a note typed by a person is kept as typed. */
const NOTES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^提交时间 (\S+)$/, (m) => `Submitted at ${formatDateTime(m[1], 'en')}`],
  [/^(\d+) 名专家$/, (m) => `${m[1]} expert(s)`],
  [/^通过$/, () => 'Passed'],
  [/^未通过$/, () => 'Not passed'],
  [/^公示期 (\S+) 至 (\S+)$/, (m) => `Public notice from ${formatDate(m[1], 'en')} to ${formatDate(m[2], 'en')}`],
  [/^备案回执 (\S+)，有效期至 (\S+)$/, (m) => `Receipt ${m[1]}, valid until ${formatDate(m[2], 'en')}`],
  [/^(\S+) 有效期至 (\S+)$/, (m) => `${m[1]} valid until ${formatDate(m[2], 'en')}`],
  [/^项目评估期限 (\S+) 24时届满。$/, (m) => `The project evaluation period ended at midnight on ${formatDate(m[1], 'en')}.`],
  [
    /^补正期限 (\S+) 24时届满，未重新提交，依本批次规则不予受理。$/,
    (m) => `The correction period ended at midnight on ${formatDate(m[1], 'en')} without a resubmission: not accepted (a rule of this call).`,
  ],
  [/^([\s\S]*)（请于 (\S+) 24时前补正并重新提交）$/, (m) => `${m[1]} (correct and resubmit by midnight on ${formatDate(m[2], 'en')})`],
  [/^([\s\S]*)（项目评估须于 (\S+) 前完成）$/, (m) => `${m[1]} (project evaluation to be completed by ${formatDate(m[2], 'en')})`],
  [/^公示期满，异议成立，不予备案$/, () => 'Public notice ended; objection upheld; not filed'],
  [/^项目评估材料已上传$/, () => 'Project evaluation materials uploaded'],
  [/^[\s\S]*六项条件均声明符合（通知 一）$/, () => 'All six conditions declared met (notice, section 1)'],
  [/^未声明符合：(.*)$/, (m) => `Not declared met: ${sectionNumber(m[1]!.replace(/、/g, ', '))}`],
];

/** A history note in the page's language: the rules' fixed wordings in English, what people typed as typed (undefined: keep it). */
export function historyNote(note: string, lang: Lang): string | undefined {
  if (lang !== 'en') return undefined;
  for (const [re, en] of NOTES) {
    const m = re.exec(note);
    if (m) return en(m);
  }
  return undefined;
}

/** "上海市商务委员会（行业主管部门）" → "上海市商务委员会 (industry authority)": the name is data, the role is ours. */
export function actorLabel(actor: string, lang: Lang): string {
  if (lang !== 'en') return actor;
  for (const [role, zhLabel] of Object.entries(ROLE_LABELS) as [Role, string][]) {
    const tail = `（${zhLabel}）`;
    if (actor.endsWith(tail)) return `${actor.slice(0, -tail.length)} (${ROLE_EN[role]})`;
  }
  return actor;
}

const APP_BY_LABEL = new Map(Object.entries(APPLICATION_STATUS_LABELS).map(([k, v]) => [v, k as ApplicationStatus]));
const ITEM_BY_LABEL = new Map(Object.entries(ITEM_STATUS_LABELS).map(([k, v]) => [v, k as ItemStatus]));
const statusEn = (label: string) => {
  const a = APP_BY_LABEL.get(label);
  if (a) return applicationStatusLabel(a, 'en');
  const i = ITEM_BY_LABEL.get(label);
  return i ? itemStatusLabel(i, 'en') : undefined;
};

/** A message's title by its kind: the English words, then what follows the Chinese "：" (a name, or a status). */
const KIND_EN: Record<string, string> = {
  status_changed: 'Application status',
  item_status_changed: 'Item',
  recommendation_requested: 'Recommendation requested',
  expert_assigned: 'Evaluation assigned',
  project_deadline_reminder: 'Project evaluation due soon',
  filing_expiry_reminder: 'Filing expires soon',
  filing_issued: 'Filed',
  filing_revoked: 'Filing revoked',
  filing_expired: 'Filing expired',
  filing_suspended: 'Filing suspended',
  filing_resumed: 'Filing resumed',
  objection_received: 'Objection received',
};
const STATUS_BODY = /由“([^”]+)”变为“([^”]+)”。(?:说明：(.*))?$/s;
const TO_BODY = /变为“([^”]+)”。(?:说明：(.*))?$/s;
const LEFT = /（还有 (\d+) 天）$/;

/**
 * A message (GET /inbox) in the page's language: English title per kind; for a status change the
 * body too (from → to, and the official's note as written). `body` undefined: the Chinese body is shown.
 */
export function inboxText(m: { kind: string; title: string; body: string }, lang: Lang): { title: string; body?: string } {
  if (lang !== 'en' || !(m.kind in KIND_EN)) return { title: m.title };
  const rest = m.title.includes('：') ? m.title.slice(m.title.indexOf('：') + 1) : '';
  const left = LEFT.exec(rest);
  const subject = (left ? rest.slice(0, left.index) : rest).replace(/^申报项目“(.*)”$/, '$1');
  const shown = statusEn(subject) ?? subject;
  const title = `${KIND_EN[m.kind]}${shown ? `: ${shown}` : ''}${left ? ` (${left[1]} days left)` : ''}`;
  if (m.kind === 'status_changed' || m.kind === 'item_status_changed') {
    const full = STATUS_BODY.exec(m.body);
    const to = full ? full[2]! : TO_BODY.exec(m.body)?.[1];
    const from = full?.[1];
    const note = full ? full[3] : TO_BODY.exec(m.body)?.[2];
    if (to && statusEn(to)) {
      const what = m.kind === 'status_changed' ? 'Your application' : `Your item “${m.title.replace(/^申报项目“(.*)”：.*$/, '$1')}”`;
      const body = `${what} ${from && statusEn(from) ? `changed from “${statusEn(from)}” to` : 'is now'} “${statusEn(to)}”.${note ? ` Note: ${historyNote(note, 'en') ?? note}` : ''}`;
      return { title, body };
    }
  }
  return { title };
}

/** "三(一)" → "3(1)": the notice's section numbers in Arabic figures for an English reader. */
const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
export function sectionNumber(clause: string): string {
  return clause.replace(/[一二三四五六七八九十]+/g, (m) => {
    if (m.length === 1) return String(NUMERALS[m]);
    if (m.startsWith('十')) return String(10 + (NUMERALS[m[1]!] ?? 0));
    return String((NUMERALS[m[0]!] ?? 0) * 10 + (m.endsWith('十') ? 0 : (NUMERALS[m.at(-1)!] ?? 0)));
  });
}
