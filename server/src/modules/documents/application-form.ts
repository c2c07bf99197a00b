import { CONDITIONS, ELIGIBILITY_PREAMBLE, PLEDGE } from './notice-text.js';
import { CONTENT_WIDTH, Flow, MARGIN, footers, newDocument, toBuffer, type Cell, type Doc } from './pdf-layout.js';

/** Everything the 申请表 prints — built by the service from the stored application, rendered here. */
export interface ApplicationFormData {
  applicationId: string;
  docNumber: string;
  campaignTitle: string;
  statusLabel: string;
  generatedAt: string;
  submittedAt?: string;
  organization: {
    name: string;
    uscc: string;
    legalForm: string;
    legalRepresentative: string;
    district: string;
    address: string;
    contactName: string;
    contactPhone: string;
    contactEmail: string;
    needsReview: boolean;
  };
  industryAuthority: string;
  items: { seq: number; name: string; occupationCode: string | null; levels: string; kind: string }[];
  sites: { name: string; address: string; district: string }[];
  recommendations: { department: string; role: string; decision: string; comment: string; at: string }[];
  materials: { label: string; status: string }[];
  /** 一(一)–(六) as the applicant declared them online (clause → affirmed); absent: never declared */
  declarations?: {
    clauses: Record<string, boolean>;
    /** 'YYYY-MM-DD HH:mm' (Shanghai) when all six were affirmed, and the account that did */
    declaredAt?: string;
    declaredBy?: string;
  };
}

const TITLE = '社会培训评价组织征集遴选申请表';
const EMPTY_CHOICE = '□ 符合　□ 不符合';
const AFFIRMED_REST = ' 符合　□ 不符合';
const CHECK = '✓';
/** Noto Sans SC's ascent (hhea, in em) */
const ASCENT = 1.16;

/**
 * "☑ 符合　□ 不符合" for a clause the applicant affirmed. Noto Sans SC has no ☑ (U+2611), so the box
 * is drawn where its □ would be (0.1–0.9 em across, 0.02 em below to 0.78 em above the baseline)
 * and its ✓ (U+2713) set inside: the text reads "✓ 符合　□ 不符合", and the page shows a ticked box.
 */
function affirmedCell(size: number): Cell {
  return {
    text: EMPTY_CHOICE,
    align: 'center',
    size,
    render: (doc: Doc, x: number, y: number, width: number) => {
      doc.font('R').fontSize(size);
      const total = size + doc.widthOfString(AFFIRMED_REST); // □ is 1 em wide
      const x0 = x + Math.max(0, (width - total) / 2);
      const baseline = y + ASCENT * size; // pdfkit sets a line's baseline one ascent below its top
      doc
        .save()
        .lineWidth(size * 0.05)
        .rect(x0 + size * 0.1, baseline - size * 0.78, size * 0.8, size * 0.8)
        .stroke()
        .restore();
      // ✓ (bold: 0.006–0.725 em across, 0.023 below to 0.779 above its baseline) centred in the box
      const s = size * 0.78;
      const checkBaseline = baseline - size * 0.38 + s * 0.378;
      doc
        .font('B')
        .fontSize(s)
        .text(CHECK, x0 + size * 0.5 - s * 0.3655, checkBaseline - ASCENT * s, { lineBreak: false });
      doc
        .font('R')
        .fontSize(size)
        .text(AFFIRMED_REST, x0 + size, y, { lineBreak: false });
    },
  };
}

/**
 * 四(一)3 社会培训评价组织征集遴选申请表: the system fills it from the entered data; the applicant
 * prints it, has it signed and stamped, and uploads the scan (materials kind `application_form`).
 */
export async function renderApplicationForm(d: ApplicationFormData): Promise<Buffer> {
  const doc = newDocument({
    title: TITLE,
    subject: `${d.docNumber} ${d.organization.name}`,
    author: d.organization.name,
    keywords: `${d.docNumber},${d.organization.uscc}`,
  });
  const f = new Flow(doc);
  const W = CONTENT_WIDTH;

  doc.font('R').fontSize(9).text(`申报材料之三（${d.docNumber} 四(一)3）`, MARGIN.left, f.y, { width: W });
  f.gap(16);
  doc.font('B').fontSize(18).text(TITLE, MARGIN.left, f.y, { width: W, align: 'center', characterSpacing: 1 });
  f.gap(30);
  doc.font('R').fontSize(9).text(`征集文件：${d.docNumber}　　申报编号：${d.applicationId}`, MARGIN.left, f.y, { width: W });
  f.gap(13);
  doc.text(`申报状态：${d.statusLabel}${d.submittedAt ? `　　提交时间：${d.submittedAt}` : ''}　　填表日期：${d.generatedAt.slice(0, 10)}`, MARGIN.left, f.y, {
    width: W,
  });
  f.gap(16);

  // 一、申报单位基本情况 — label | value | label | value
  const four = [W * 0.2, W * 0.3, W * 0.2, W * 0.3];
  f.heading('一、申报单位基本情况');
  const o = d.organization;
  f.row(four, [
    { text: '单位名称', label: true },
    { text: o.name, span: 3 },
  ]);
  f.row(four, [
    { text: '统一社会信用代码', label: true },
    { text: o.uscc },
    { text: '单位类型', label: true },
    { text: o.legalForm + (o.needsReview ? '（事业单位，需资格审查）' : '') },
  ]);
  f.row(four, [{ text: '法定代表人', label: true }, { text: o.legalRepresentative }, { text: '所在区', label: true }, { text: o.district }]);
  f.row(four, [
    { text: '单位地址', label: true },
    { text: o.address, span: 3 },
  ]);
  f.row(four, [{ text: '联系人', label: true }, { text: o.contactName }, { text: '联系电话', label: true }, { text: o.contactPhone }]);
  f.row(four, [
    { text: '电子邮箱', label: true },
    { text: o.contactEmail },
    { text: '行业主管部门（或上级主管部门）', label: true },
    { text: d.industryAuthority },
  ]);

  // 二、申报职业（工种）及等级 — 二 and the attachment
  const itemCols = [W * 0.1, W * 0.34, W * 0.14, W * 0.26, W * 0.16];
  f.heading('二、申报职业（工种）及等级');
  f.row(
    itemCols,
    ['附件序号', '职业（工种）', '职业编码', '申报等级', '类别'].map((t) => ({ text: t, label: true })),
  );
  if (d.items.length === 0) f.row(itemCols, [{ text: '（尚未选择）', span: 5, align: 'center' }]);
  for (const it of d.items) {
    f.row(itemCols, [
      { text: String(it.seq), align: 'center' },
      { text: it.name },
      { text: it.occupationCode ?? '—', align: 'center' },
      { text: it.levels },
      { text: it.kind, align: 'center' },
    ]);
  }

  // 三、考核点 — 一(四)
  const siteCols = [W * 0.08, W * 0.3, W * 0.44, W * 0.18];
  f.heading('三、考核点');
  f.row(
    siteCols,
    ['序号', '考核点名称', '地址', '所在区'].map((t) => ({ text: t, label: true })),
  );
  if (d.sites.length === 0) f.row(siteCols, [{ text: '（尚未填写）', span: 4, align: 'center' }]);
  d.sites.forEach((s, i) =>
    f.row(siteCols, [{ text: String(i + 1), align: 'center' }, { text: s.name }, { text: s.address }, { text: s.district, align: 'center' }]),
  );

  // 四、申报条件 — 一(一)–(六), the notice's own words, each affirmed by the applicant
  const condCols = [W * 0.09, W * 0.69, W * 0.22];
  f.heading('四、申报条件自查声明（沪人社职〔2024〕270号 一、评价机构申报范围及条件）', 90);
  f.paragraph(ELIGIBILITY_PREAMBLE, { size: 9.5 });
  f.gap(4);
  f.row(
    condCols,
    ['条款', '条件（通知原文）', '自查结果'].map((t) => ({ text: t, label: true })),
  );
  const decl = d.declarations;
  for (const [i, c] of CONDITIONS.entries()) {
    if (decl && i === CONDITIONS.length - 1) f.ensure(64); // the last clause stays on the page of the line below it
    f.row(condCols, [
      { text: c.label, align: 'center' },
      { text: c.text, size: 9.5 },
      decl?.clauses[c.clause] === true ? affirmedCell(9.5) : { text: EMPTY_CHOICE, align: 'center', size: 9.5 },
    ]);
  }
  if (decl?.declaredAt) {
    f.gap(4);
    f.paragraph(`申报单位于 ${decl.declaredAt} 在线声明符合以上六项条件${decl.declaredBy ? `（系统账号：${decl.declaredBy}）` : ''}。`, { size: 9 });
  } else if (decl) {
    const open = CONDITIONS.filter((c) => decl.clauses[c.clause] !== true).map((c) => c.clause);
    f.gap(4);
    f.paragraph(`申报单位尚未在线声明符合全部条件（未声明符合：${open.join('、')}）。`, { size: 9 });
  }

  // 五、推荐情况 — 三(一)
  const recCols = [W * 0.27, W * 0.16, W * 0.13, W * 0.27, W * 0.17];
  f.heading('五、推荐情况');
  f.row(
    recCols,
    ['推荐部门', '类别', '推荐结果', '推荐意见', '时间'].map((t) => ({ text: t, label: true })),
  );
  if (d.recommendations.length === 0) f.row(recCols, [{ text: '（尚未申请推荐）', span: 5, align: 'center' }]);
  for (const r of d.recommendations) {
    f.row(recCols, [
      { text: r.department },
      { text: r.role, align: 'center' },
      { text: r.decision, align: 'center', bold: r.decision === '不予推荐' },
      { text: r.comment || '—' },
      { text: r.at || '—', align: 'center', size: 8.5 },
    ]);
  }

  // 六、申报材料 — 四(一)
  const matCols = [W * 0.08, W * 0.62, W * 0.3];
  f.heading('六、申报材料清单');
  f.row(
    matCols,
    ['序号', '材料（四(一)）', '上传情况'].map((t) => ({ text: t, label: true })),
  );
  d.materials.forEach((m, i) => f.row(matCols, [{ text: String(i + 1), align: 'center' }, { text: m.label }, { text: m.status, align: 'center' }]));

  // 七、承诺与签章
  f.heading('七、承诺与签章', 150);
  f.paragraph(PLEDGE, { size: 10 });
  f.gap(8);
  const sign = [W / 3, W / 3, W / 3];
  const box = (title: string, bottomLine: string): Cell => ({ text: `${title}\n\n\n\n\n${bottomLine}`, align: 'center' });
  f.row(sign, [
    { text: '法定代表人签字', label: true },
    { text: '单位盖章', label: true },
    { text: '日期', label: true },
  ]);
  f.row(sign, [box('', '（签字）'), box('', '（盖章）'), box('', '　　　　年　　月　　日')], { minHeight: 96, valign: 'top' });
  f.gap(10);
  f.paragraph('注：本表由系统根据填报信息生成，请核对无误后由法定代表人签字并加盖单位公章，扫描后作为“社会培训评价组织征集遴选申请表”上传。', {
    size: 8.5,
    color: '#444444',
  });

  footers(doc, `${TITLE} · ${d.organization.name} · 生成于 ${d.generatedAt}`);
  return toBuffer(doc);
}

export const levelsText = (levels: number[], labels: Record<number, string>): string =>
  levels.length === 0 ? '专项职业能力（不分等级）' : levels.map((l) => labels[l] ?? `${l}级`).join('、');
