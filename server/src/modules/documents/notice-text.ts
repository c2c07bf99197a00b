import type { LegalForm } from '../../../../contract/enums.js';

/**
 * Text of 沪人社职〔2024〕270号 quoted verbatim on the generated documents — kept as data, so a
 * printed form says exactly what the notice says (../shared/seed, 一、评价机构申报范围及条件).
 */
export const ELIGIBILITY_PREAMBLE = '本市依法登记的独立法人（如企业、社会团体、院校、民办非企业等）同时满足以下相关条件的，可申报社评组织：';

export const CONDITIONS: readonly { clause: string; label: string; text: string }[] = [
  {
    clause: '一(一)',
    label: '（一）',
    text: '具有规范的财务制度和管理制度，社会信用良好，无违法违规、失信等不良行为记录。把社会效益放在首位，不以营利为最终目的。政府及其所属部门（事业单位、未与政府部门脱钩的社会团体）不能申报。',
  },
  {
    clause: '一(二)',
    label: '（二）',
    text: '在拟开展评价的职业领域具有广泛影响力，在所申报职业（工种）方面有较丰富的考核评价资源和经验，培训评价有一定规模，具备相应的基础条件。',
  },
  {
    clause: '一(三)',
    label: '（三）',
    text: '有专门负责职业技能等级认定工作的机构、与评价工作相适应的专职工作人员、专家团队及相应的场地、设备设施（含视频监控设备），能为职业技能等级认定工作提供稳定的经费保障。',
  },
  { clause: '一(四)', label: '（四）', text: '具备满足申报职业（工种）评价需求的考核点，且经所在区人社部门等推荐。' },
  { clause: '一(五)', label: '（五）', text: '具有完善的职业技能等级认定工作质量管控措施。' },
  { clause: '一(六)', label: '（六）', text: '遵守国家及本市职业技能等级认定相关要求，自愿接受各级人社部门、相关行业主管部门的监督。' },
];

/** 三(一): the applicant answers for its materials. */
export const PLEDGE = '本单位承诺：所填信息及所附申报材料真实、有效、合法，并对材料的真实性、有效性、合法性负责；如有不实，愿承担相应责任。';

/** 三(五) 公示备案. */
export const FILING_CLAUSE =
  '通过机构评估、项目评估的申报单位，经市人力资源社会保障局同意后，由市职鉴中心向社会公示，公示期为5个工作日。经公示无异议的，由市职鉴中心向申报单位出具备案回执，并向中国就业培训技术指导中心报备。备案有效期为3年。';

export const ISSUING_BODY = '上海市职业技能鉴定中心';
export const BUREAU = '上海市人力资源和社会保障局';

export const LEGAL_FORM_LABELS: Record<LegalForm, string> = {
  enterprise: '企业',
  social_group: '社会团体',
  school: '院校',
  private_non_enterprise: '民办非企业单位',
};
