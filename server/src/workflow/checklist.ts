import { MATERIAL_KIND_LABELS, REQUIRED_MATERIAL_KINDS, SAMPLE_PAPERS_PER_ITEM } from '../../../contract/enums.js';
import type { Blocker } from '../../../contract/errors.js';
import { CALL_RULE_CLAUSE, type ApplicationCase, type CaseRecommendation } from './case.js';
import { addMonthsClamped, endOfShanghaiDay, shanghaiDateOf, toShanghaiIso } from './time.js';

/** The recommendations the application needs: its named authority and the HR bureau of every site's district (三(一), 一(四)). */
export function requiredRecommenders(c: Pick<ApplicationCase, 'industryAuthority' | 'sites'>): CaseRecommendation[] {
  const districts = [...new Set(c.sites.map((s) => s.district))].sort();
  return [
    { role: 'industry_authority', authority: c.industryAuthority, district: null, decision: 'recommend' },
    ...districts.map((d): CaseRecommendation => ({ role: 'district_hr', district: d, authority: null, decision: 'recommend' })),
  ];
}

function sameRecommender(a: CaseRecommendation, b: CaseRecommendation): boolean {
  return a.role === b.role && (a.role === 'industry_authority' ? a.authority === b.authority : a.district === b.district);
}

export function recommendationOf(c: ApplicationCase, who: CaseRecommendation): CaseRecommendation | undefined {
  return c.recommendations.find((r) => sameRecommender(r, who));
}

export type WindowState = { open: true; via: 'window' | 'correction' } | { open: false; blocker: Blocker };

/**
 * 四(二): submissions are accepted in [opensAt, closesAt) on the server's clock (DL-2); after a
 * return until 24:00 of `correctionDueOn` (the call's own correction period), even once the window has closed.
 */
export function windowState(c: ApplicationCase, now: Date): WindowState {
  if (c.correctionDueOn) {
    if (now < endOfShanghaiDay(c.correctionDueOn)) return { open: true, via: 'correction' };
    return {
      open: false,
      blocker: {
        code: 'DEADLINE_PASSED',
        detail: `补正期限（本批次规则：${c.campaign.rules.correctionWorkingDays}个工作日）已于 ${c.correctionDueOn} 24时届满，不能再提交补正材料。`,
        clause: CALL_RULE_CLAUSE,
        ref: { rule: 'correctionWorkingDays' },
        key: 'correction_lapsed',
        params: { dueOn: c.correctionDueOn, days: c.campaign.rules.correctionWorkingDays },
      },
    };
  }
  const t = now.getTime();
  if (t < c.campaign.opensAt.getTime()) {
    return {
      open: false,
      blocker: {
        code: 'WINDOW_CLOSED',
        detail: `申报尚未开始，请于 ${toShanghaiIso(c.campaign.opensAt)} 后提交。`,
        clause: '四(二)',
        key: 'window_not_open',
        params: { opensAt: toShanghaiIso(c.campaign.opensAt) },
      },
    };
  }
  if (t >= c.campaign.closesAt.getTime()) {
    return {
      open: false,
      blocker: {
        code: 'WINDOW_CLOSED',
        detail: `申报已于 ${toShanghaiIso(c.campaign.closesAt)} 截止，系统已关闭申报功能；请关注下一批次征集遴选通知。`,
        clause: '四(二)',
        key: 'window_closed',
        params: { closesAt: toShanghaiIso(c.campaign.closesAt) },
      },
    };
  }
  return { open: true, via: 'window' };
}

/** 三(四): the one-year rule, decided on the Shanghai date the submission would be made. */
export function cooldownBlockers(c: ApplicationCase, now: Date): Blocker[] {
  const today = shanghaiDateOf(now);
  const out: Blocker[] = [];
  for (const item of c.items) {
    const blocking = c.priorParticipations
      .filter((p) => p.applicationId !== c.id && p.occupationKey === item.occupationKey)
      .map((p) => ({ p, until: addMonthsClamped(p.submittedOn, c.campaign.rules.cooldownMonths) }))
      .filter(({ until }) => today < until)
      .sort((a, b) => (a.until < b.until ? 1 : -1))[0];
    if (blocking) {
      out.push({
        code: 'COOLDOWN_ACTIVE',
        detail: `本单位已于 ${blocking.p.submittedOn} 申报过“${blocking.p.itemName}”，${c.campaign.rules.cooldownMonths}个月内不得再次参与同一职业（工种）征集遴选，${blocking.until} 起方可申报；请从申报项目中移除“${item.name}”。`,
        clause: '三(四)',
        ref: { itemId: item.id, allowedFrom: blocking.until },
        key: 'cooldown',
        params: {
          item: item.name,
          priorItem: blocking.p.itemName,
          submittedOn: blocking.p.submittedOn,
          months: c.campaign.rules.cooldownMonths,
          allowedFrom: blocking.until,
        },
      });
    }
  }
  return out;
}

/** Facts the service looks up for the checklist (passed in: this module reads nothing). */
export interface ChecklistFacts {
  /** false when the named industry authority has no active account (api-v1 second reading) */
  authorityHasAccount?: boolean;
}

export function recommendationBlockers(c: ApplicationCase, districtName: (code: string) => string = (d) => d, facts: ChecklistFacts = {}): Blocker[] {
  const out: Blocker[] = [];
  for (const need of requiredRecommenders(c)) {
    const got = recommendationOf(c, need);
    if (got?.decision === 'recommend') continue;
    const who = need.role === 'industry_authority' ? `行业主管部门“${need.authority}”` : `考核点所在区人社部门（${districtName(need.district ?? '')}）`;
    const noAccount =
      need.role === 'industry_authority' && facts.authorityHasAccount === false
        ? `；该部门尚无系统账号，不能在线推荐——请向“${need.authority}”取得纸质推荐函，由市职鉴中心代为录入推荐`
        : '';
    // once asked (待推荐), the applicant has nothing to do but wait: say for whom, not "请先申请推荐"
    const state =
      (got?.decision === 'decline'
        ? '未予推荐，请根据意见修改后重新申请推荐'
        : c.status === 'awaiting_recommendation'
          ? '尚未推荐：已申请推荐，正在等待该部门办理'
          : '尚未推荐，请先申请推荐并等待其推荐') + noAccount;
    out.push({
      code: 'RECOMMENDATION_MISSING',
      detail: `${who}${state}。`,
      clause: '三(一)',
      ref: need.role === 'industry_authority' ? { role: need.role, authority: need.authority ?? '' } : { role: need.role, district: need.district ?? '' },
      key:
        got?.decision === 'decline'
          ? 'recommendation_declined'
          : c.status === 'awaiting_recommendation'
            ? 'recommendation_awaiting'
            : 'recommendation_not_requested',
      params: {
        who: need.role,
        ...(need.role === 'industry_authority' ? { authority: need.authority ?? '' } : { district: need.district ?? '' }),
        ...(noAccount ? { noAccount: 1 } : {}),
      },
    });
  }
  return out;
}

/** 四(一): the four documents, and two sample papers (2套样卷) for every item applied for. */
export function materialBlockers(c: ApplicationCase): Blocker[] {
  const out: Blocker[] = [];
  for (const kind of REQUIRED_MATERIAL_KINDS) {
    if (!c.materials.some((m) => m.kind === kind)) {
      out.push({
        code: 'MATERIAL_MISSING',
        detail: `缺少材料：${MATERIAL_KIND_LABELS[kind]}，请上传 PDF 文件。`,
        clause: '四(一)',
        ref: { kind },
        key: 'material_missing',
        params: { kind },
      });
    }
  }
  for (const item of c.items) {
    const have = c.materials.filter((m) => m.kind === 'sample_paper' && m.itemId === item.id).length;
    if (have < SAMPLE_PAPERS_PER_ITEM) {
      out.push({
        code: 'MATERIAL_MISSING',
        detail: `“${item.name}”的样卷还差 ${SAMPLE_PAPERS_PER_ITEM - have} 套（每个申报职业（工种）须提供 ${SAMPLE_PAPERS_PER_ITEM} 套样卷）。`,
        clause: '四(一)',
        ref: { kind: 'sample_paper', itemId: item.id, missing: SAMPLE_PAPERS_PER_ITEM - have },
        key: 'sample_papers_short',
        params: { item: item.name, missing: SAMPLE_PAPERS_PER_ITEM - have, perItem: SAMPLE_PAPERS_PER_ITEM },
      });
    }
  }
  return out;
}

/**
 * 一次性告知: everything that stands between the application and its submission, in the order the
 * submit refusal reports them (WINDOW_CLOSED, COOLDOWN_ACTIVE, RECOMMENDATION_MISSING, MATERIAL_MISSING).
 */
export function submissionBlockers(c: ApplicationCase, now: Date, districtName?: (code: string) => string, facts: ChecklistFacts = {}): Blocker[] {
  const w = windowState(c, now);
  const structural: Blocker[] = [];
  if (c.items.length === 0)
    structural.push({ code: 'MATERIAL_MISSING', detail: '尚未选择申报的职业（工种），请至少选择一项。', clause: '二', key: 'no_items' });
  if (c.sites.length === 0)
    structural.push({ code: 'MATERIAL_MISSING', detail: '尚未填写考核点，请至少填写一个考核点及其所在区。', clause: '一(四)', key: 'no_sites' });
  return [
    ...(w.open ? [] : [w.blocker]),
    ...cooldownBlockers(c, now),
    ...recommendationBlockers(c, districtName, facts),
    ...structural,
    ...materialBlockers(c),
  ];
}

export function correctionPeriodRunning(c: ApplicationCase, now: Date): boolean {
  return c.correctionDueOn !== null && now < endOfShanghaiDay(c.correctionDueOn);
}
