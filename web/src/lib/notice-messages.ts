import { defineMessages } from './i18n';

/** Text of the notice several pages quote: the six conditions of 一 (verbatim). */
export const conditionMessages = defineMessages(
  {
    c1: '（一）具有规范的财务制度和管理制度，社会信用良好，无违法违规、失信等不良行为记录。把社会效益放在首位，不以营利为最终目的。政府及其所属部门（事业单位、未与政府部门脱钩的社会团体）不能申报。',
    c2: '（二）在拟开展评价的职业领域具有广泛影响力，在所申报职业（工种）方面有较丰富的考核评价资源和经验，培训评价有一定规模，具备相应的基础条件。',
    c3: '（三）有专门负责职业技能等级认定工作的机构、与评价工作相适应的专职工作人员、专家团队及相应的场地、设备设施（含视频监控设备），能为职业技能等级认定工作提供稳定的经费保障。',
    c4: '（四）具备满足申报职业（工种）评价需求的考核点，且经所在区人社部门等推荐。',
    c5: '（五）具有完善的职业技能等级认定工作质量管控措施。',
    c6: '（六）遵守国家及本市职业技能等级认定相关要求，自愿接受各级人社部门、相关行业主管部门的监督。',
  },
  {
    c1: '(1) Sound financial and management rules, good social credit, no record of violations or dishonesty; social benefit first, not profit. Government bodies and their affiliated units may not apply.',
    c2: '(2) Wide influence in the occupational field, rich assessment resources and experience in the occupations applied for, training and evaluation at some scale, and the basic conditions for it.',
    c3: '(3) A dedicated department, full-time staff, an expert team, premises and equipment (including video surveillance) for skill-level certification, and stable funding.',
    c4: '(4) Assessment sites meeting the needs of the occupations applied for, recommended by the district HR bureau where they are.',
    c5: '(5) Sound quality control of skill-level certification.',
    c6: '(6) Compliance with national and Shanghai requirements, and acceptance of supervision by HR departments and industry authorities.',
  },
);
export const CONDITION_KEYS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'] as const;
