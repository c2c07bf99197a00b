/**
 * Catalogue of 沪人社职〔2024〕270号, attachment 《征集遴选社会培训评价组织的项目范围》:
 * 87 occupations / work types (职业（工种）) with the levels offered, and 2 special
 * vocational abilities (专项职业能力, no levels). Seq numbers are the attachment's 序号.
 *
 * `name` is exactly as printed in the notice (full-width parentheses). Row 79 is printed
 * 插花茶艺师; the national occupation is 插花花艺师 (4-09-10-05) — kept as printed with
 * the official name as alias. Row 54 物流师 maps to 物流服务师 (4-02-06-03).
 *
 * Codes are from the 2022 职业分类大典 (docs/occupation-codes.tsv); `codeConfidence` is
 * that file's confidence column. Trailing comments carry its note column (work types,
 * older codes). Per the attachment's 注, codes, names and levels follow the current
 * classification, so this is campaign data, not a constant of the domain.
 */

export interface CatalogueSeedItem {
  seq: number;
  name: string;
  occupation: string;
  workType: string | null;
  kind: 'occupation' | 'special_ability';
  levels: number[];
  occupationCode: string | null;
  officialName: string;
  aliases: string[];
  codeConfidence: string | null;
}

export const CATALOGUE_2024: readonly CatalogueSeedItem[] = [
  { seq: 1, name: '安全防范系统安装维护员', occupation: '安全防范系统安装维护员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-07-05-04', officialName: '安全防范系统安装维护员', aliases: [], codeConfidence: 'high' },
  { seq: 2, name: '信息安全测试员（渗透测试员）', occupation: '信息安全测试员', workType: '渗透测试员', kind: 'occupation', levels: [4, 3], occupationCode: '4-04-04-04', officialName: '信息安全测试员', aliases: [], codeConfidence: 'high' }, // work type 渗透测试员
  { seq: 3, name: '包装设计师', occupation: '包装设计师', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-08-08-09', officialName: '包装设计师', aliases: [], codeConfidence: 'high' },
  { seq: 4, name: '保健按摩师', occupation: '保健按摩师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-04-02', officialName: '保健按摩师', aliases: [], codeConfidence: 'high' },
  { seq: 5, name: '保卫管理员', occupation: '保卫管理员', workType: null, kind: 'occupation', levels: [3], occupationCode: '3-02-02-01', officialName: '保卫管理员', aliases: [], codeConfidence: 'medium' }, // older standard prints 3-02-02-00
  { seq: 6, name: '保育师', occupation: '保育师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-01-03', officialName: '保育师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 7, name: '餐厅服务员', occupation: '餐厅服务员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-05', officialName: '餐厅服务员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 8, name: '车工', occupation: '车工', workType: null, kind: 'occupation', levels: [5], occupationCode: '6-18-01-01', officialName: '车工', aliases: [], codeConfidence: 'fairly high' },
  { seq: 9, name: '车工（普通车工）', occupation: '车工', workType: '普通车工', kind: 'occupation', levels: [4, 3], occupationCode: '6-18-01-01', officialName: '车工', aliases: [], codeConfidence: 'fairly high' }, // work type 普通车工
  { seq: 10, name: '车工（数控车工）', occupation: '车工', workType: '数控车工', kind: 'occupation', levels: [4, 3], occupationCode: '6-18-01-01', officialName: '车工', aliases: [], codeConfidence: 'fairly high' }, // work type 数控车工
  { seq: 11, name: '出版物发行员', occupation: '出版物发行员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-01-05-03', officialName: '出版物发行员', aliases: [], codeConfidence: 'medium' }, // older code 4-01-02-02
  { seq: 12, name: '电切削工（电火花成型机床操作工）', occupation: '电切削工', workType: '电火花成型机床操作工', kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-18-01-08', officialName: '电切削工', aliases: [], codeConfidence: 'fairly high' }, // work type 电火花成型机床操作工
  { seq: 13, name: '电切削工（电火花线切割机床操作工）', occupation: '电切削工', workType: '电火花线切割机床操作工', kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-18-01-08', officialName: '电切削工', aliases: [], codeConfidence: 'fairly high' }, // work type 电火花线切割机床操作工
  { seq: 14, name: '电梯安装维修工', occupation: '电梯安装维修工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-29-03-03', officialName: '电梯安装维修工', aliases: [], codeConfidence: 'fairly high' },
  { seq: 15, name: '电子竞技员', occupation: '电子竞技员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-14-05-07', officialName: '电子竞技员', aliases: [], codeConfidence: 'medium' }, // older code 4-13-99-01
  { seq: 16, name: '电子竞技运营师', occupation: '电子竞技运营师', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-14-05-06', officialName: '电子竞技运营师', aliases: [], codeConfidence: 'medium' }, // older code 4-13-05-03
  { seq: 17, name: '调酒师', occupation: '调酒师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-09', officialName: '调酒师', aliases: [], codeConfidence: 'medium' }, // older code 4-03-03-01
  { seq: 18, name: '动画制作员', occupation: '动画制作员', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-13-02-02', officialName: '动画制作员', aliases: [], codeConfidence: 'high' },
  { seq: 19, name: '动物疫病防治员', occupation: '动物疫病防治员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '5-05-02-03', officialName: '动物疫病防治员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 20, name: '服装制版师（裁剪服装制版师）', occupation: '服装制版师', workType: '裁剪服装制版师', kind: 'occupation', levels: [4, 3], occupationCode: '6-05-01-01', officialName: '服装制版师', aliases: [], codeConfidence: 'fairly high' }, // work type 裁剪服装制版师
  { seq: 21, name: '广告设计师', occupation: '广告设计师', workType: null, kind: 'occupation', levels: [3], occupationCode: '4-08-08-08', officialName: '广告设计师', aliases: [], codeConfidence: 'high' },
  { seq: 22, name: '贵金属首饰与宝玉石检测员', occupation: '贵金属首饰与宝玉石检测员', workType: null, kind: 'occupation', levels: [5], occupationCode: '4-08-05-03', officialName: '贵金属首饰与宝玉石检测员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 23, name: '贵金属首饰与宝玉石检测员（宝石检验员）', occupation: '贵金属首饰与宝玉石检测员', workType: '宝石检验员', kind: 'occupation', levels: [4, 3], occupationCode: '4-08-05-03', officialName: '贵金属首饰与宝玉石检测员', aliases: [], codeConfidence: 'fairly high' }, // work type 宝石检验员
  { seq: 24, name: '贵金属首饰与宝玉石检测员（钻石检验员）', occupation: '贵金属首饰与宝玉石检测员', workType: '钻石检验员', kind: 'occupation', levels: [4, 3], occupationCode: '4-08-05-03', officialName: '贵金属首饰与宝玉石检测员', aliases: [], codeConfidence: 'fairly high' }, // work type 钻石检验员
  { seq: 25, name: '互联网营销师（商品选品员）', occupation: '互联网营销师', workType: '商品选品员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-01-06-02', officialName: '互联网营销师', aliases: [], codeConfidence: 'high' }, // work type 商品选品员; older code 4-01-02-07
  { seq: 26, name: '互联网营销师（直播销售员）', occupation: '互联网营销师', workType: '直播销售员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-01-06-02', officialName: '互联网营销师', aliases: [], codeConfidence: 'high' }, // work type 直播销售员
  { seq: 27, name: '机床装调维修工（数控机床机械装调维修）', occupation: '机床装调维修工', workType: '数控机床机械装调维修', kind: 'occupation', levels: [4, 3], occupationCode: '6-20-03-01', officialName: '机床装调维修工', aliases: [], codeConfidence: 'fairly high' }, // work type 数控机床机械装调维修
  { seq: 28, name: '机动车驾驶教练员', occupation: '机动车驾驶教练员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-02-02-07', officialName: '机动车驾驶教练员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 29, name: '计算机维修工', occupation: '计算机维修工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-12-02-01', officialName: '计算机维修工', aliases: [], codeConfidence: 'fairly high' },
  { seq: 30, name: '家政服务员（家庭照护员）', occupation: '家政服务员', workType: '家庭照护员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-01-06', officialName: '家政服务员', aliases: [], codeConfidence: 'high' }, // work type 家庭照护员
  { seq: 31, name: '家政服务员（家务服务员）', occupation: '家政服务员', workType: '家务服务员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-01-06', officialName: '家政服务员', aliases: [], codeConfidence: 'high' }, // work type 家务服务员
  { seq: 32, name: '家政服务员（母婴护理员）', occupation: '家政服务员', workType: '母婴护理员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-01-06', officialName: '家政服务员', aliases: [], codeConfidence: 'high' }, // work type 母婴护理员
  { seq: 33, name: '咖啡师', occupation: '咖啡师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-08', officialName: '咖啡师', aliases: [], codeConfidence: 'high' },
  { seq: 34, name: '劳动关系协调师', occupation: '劳动关系协调师', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-07-03-02', officialName: '劳动关系协调师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 35, name: '连锁经营管理师', occupation: '连锁经营管理师', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-01-02-06', officialName: '连锁经营管理师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 36, name: '美发师', occupation: '美发师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-03-02', officialName: '美发师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 37, name: '美甲师', occupation: '美甲师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-03-03', officialName: '美甲师', aliases: [], codeConfidence: 'medium' }, // older code 4-07-04-03
  { seq: 38, name: '美容师', occupation: '美容师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-03-01', officialName: '美容师', aliases: [], codeConfidence: 'high' },
  { seq: 39, name: '密码技术应用员', occupation: '密码技术应用员', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-04-04-06', officialName: '密码技术应用员', aliases: [], codeConfidence: 'high' },
  { seq: 40, name: '模具工（冲压模）', occupation: '模具工', workType: '冲压模', kind: 'occupation', levels: [4, 3], occupationCode: '6-18-04-01', officialName: '模具工', aliases: [], codeConfidence: 'fairly high' }, // work type 冲压模
  { seq: 41, name: '模具工（注射模）', occupation: '模具工', workType: '注射模', kind: 'occupation', levels: [4, 3], occupationCode: '6-18-04-01', officialName: '模具工', aliases: [], codeConfidence: 'fairly high' }, // work type 注射模
  { seq: 42, name: '农产品食品检验员（农产品质量安全检测员）', occupation: '农产品食品检验员', workType: '农产品质量安全检测员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-08-05-01', officialName: '农产品食品检验员', aliases: [], codeConfidence: 'fairly high' }, // work type 农产品质量安全检测员
  { seq: 43, name: '农机驾驶操作员（拖拉机驾驶员）', occupation: '农机驾驶操作员', workType: '拖拉机驾驶员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '5-05-05-01', officialName: '农机驾驶操作员', aliases: [], codeConfidence: 'high' }, // work type 拖拉机驾驶员
  { seq: 44, name: '农机修理工', occupation: '农机修理工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '5-05-05-02', officialName: '农机修理工', aliases: [], codeConfidence: 'fairly high' },
  { seq: 45, name: '农作物植保员', occupation: '农作物植保员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '5-05-02-01', officialName: '农作物植保员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 46, name: '品酒师（啤酒）', occupation: '品酒师', workType: '啤酒', kind: 'occupation', levels: [4, 3], occupationCode: '6-02-06-07', officialName: '品酒师', aliases: [], codeConfidence: 'fairly high' }, // work type 啤酒
  { seq: 47, name: '企业人力资源管理师', occupation: '企业人力资源管理师', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-07-03-04', officialName: '企业人力资源管理师', aliases: [], codeConfidence: 'high' },
  { seq: 48, name: '汽车维修工（汽车车身涂装修复工）', occupation: '汽车维修工', workType: '汽车车身涂装修复工', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-12-01-01', officialName: '汽车维修工', aliases: [], codeConfidence: 'fairly high' }, // work type 汽车车身涂装修复工
  { seq: 49, name: '汽车维修工（汽车车身整形修复工）', occupation: '汽车维修工', workType: '汽车车身整形修复工', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-12-01-01', officialName: '汽车维修工', aliases: [], codeConfidence: 'fairly high' }, // work type 汽车车身整形修复工
  { seq: 50, name: '汽车维修工（汽车美容装潢工）', occupation: '汽车维修工', workType: '汽车美容装潢工', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-12-01-01', officialName: '汽车维修工', aliases: [], codeConfidence: 'fairly high' }, // work type 汽车美容装潢工
  { seq: 51, name: '室内装饰设计师', occupation: '室内装饰设计师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-08-08-07', officialName: '室内装饰设计师', aliases: [], codeConfidence: 'high' },
  { seq: 52, name: '水生动物饲养工', occupation: '水生动物饲养工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '5-04-02-01', officialName: '水生动物饲养工', aliases: [], codeConfidence: 'high' },
  { seq: 53, name: '物联网安装调试员', occupation: '物联网安装调试员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-25-04-09', officialName: '物联网安装调试员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 54, name: '物流师', occupation: '物流师', workType: null, kind: 'occupation', levels: [3], occupationCode: '4-02-06-03', officialName: '物流服务师', aliases: ['物流服务师'], codeConfidence: 'medium' }, // printed 物流师 in the notice; no 物流师 in the 2022 classification
  { seq: 55, name: '物业管理师', occupation: '物业管理师', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-06-01-01', officialName: '物业管理师', aliases: [], codeConfidence: 'high' },
  { seq: 56, name: '铣工', occupation: '铣工', workType: null, kind: 'occupation', levels: [5], occupationCode: '6-18-01-02', officialName: '铣工', aliases: [], codeConfidence: 'fairly high' },
  { seq: 57, name: '铣工（普通铣工）', occupation: '铣工', workType: '普通铣工', kind: 'occupation', levels: [4, 3], occupationCode: '6-18-01-02', officialName: '铣工', aliases: [], codeConfidence: 'fairly high' }, // work type 普通铣工
  { seq: 58, name: '铣工（数控铣工）', occupation: '铣工', workType: '数控铣工', kind: 'occupation', levels: [4, 3], occupationCode: '6-18-01-02', officialName: '铣工', aliases: [], codeConfidence: 'fairly high' }, // work type 数控铣工
  { seq: 59, name: '形象设计师', occupation: '形象设计师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-08-08-20', officialName: '形象设计师', aliases: [], codeConfidence: 'high' },
  { seq: 60, name: '眼镜定配工', occupation: '眼镜定配工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-14-03-04', officialName: '眼镜定配工', aliases: [], codeConfidence: 'fairly high' },
  { seq: 61, name: '眼镜验光师', occupation: '眼镜验光师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-14-03-03', officialName: '眼镜验光师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 62, name: '音响调音员', occupation: '音响调音员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-13-02-06', officialName: '音响调音员', aliases: [], codeConfidence: 'high' },
  { seq: 63, name: '印前处理和制作员（平版制版员）', occupation: '印前处理和制作员', workType: '平版制版员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-08-01-01', officialName: '印前处理和制作员', aliases: [], codeConfidence: 'high' }, // work type 平版制版员
  { seq: 64, name: '印刷操作员（平版印刷员）', occupation: '印刷操作员', workType: '平版印刷员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-08-01-02', officialName: '印刷操作员', aliases: [], codeConfidence: 'high' }, // work type 平版印刷员
  { seq: 65, name: '有害生物防制员', occupation: '有害生物防制员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-09-09-00', officialName: '有害生物防制员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 66, name: '婴幼儿发展引导员（育婴员）', occupation: '婴幼儿发展引导员', workType: '育婴员', kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-01-01', officialName: '婴幼儿发展引导员', aliases: [], codeConfidence: 'high' }, // work type 育婴员
  { seq: 67, name: '园林绿化工', occupation: '园林绿化工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-09-10-01', officialName: '园林绿化工', aliases: [], codeConfidence: 'high' },
  { seq: 68, name: '职业培训师', occupation: '职业培训师', workType: null, kind: 'occupation', levels: [3], occupationCode: '4-07-03-05', officialName: '职业培训师', aliases: [], codeConfidence: 'high' },
  { seq: 69, name: '制冷空调系统安装维修工', occupation: '制冷空调系统安装维修工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-29-03-05', officialName: '制冷空调系统安装维修工', aliases: [], codeConfidence: 'fairly high' },
  { seq: 70, name: '智能楼宇管理员', occupation: '智能楼宇管理员', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '4-06-01-04', officialName: '智能楼宇管理员', aliases: [], codeConfidence: 'medium' }, // older code 4-07-05-03
  { seq: 71, name: '中式面点师', occupation: '中式面点师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-02', officialName: '中式面点师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 72, name: '中式烹调师', occupation: '中式烹调师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-01', officialName: '中式烹调师', aliases: [], codeConfidence: 'high' },
  { seq: 73, name: '中央空调系统运行操作员', occupation: '中央空调系统运行操作员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-06-01-02', officialName: '中央空调系统运行操作员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 74, name: '钟表维修工', occupation: '钟表维修工', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-12-04-03', officialName: '钟表维修工', aliases: [], codeConfidence: 'high' },
  { seq: 75, name: '网络与信息安全管理员（网络安全管理员）', occupation: '网络与信息安全管理员', workType: '网络安全管理员', kind: 'occupation', levels: [4, 3], occupationCode: '4-04-04-02', officialName: '网络与信息安全管理员', aliases: [], codeConfidence: 'high' }, // work type 网络安全管理员
  { seq: 76, name: '网络与信息安全管理员（信息安全管理员）', occupation: '网络与信息安全管理员', workType: '信息安全管理员', kind: 'occupation', levels: [4, 3], occupationCode: '4-04-04-02', officialName: '网络与信息安全管理员', aliases: [], codeConfidence: 'high' }, // work type 信息安全管理员
  { seq: 77, name: '工业机器人系统操作员', occupation: '工业机器人系统操作员', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '6-31-07-03', officialName: '工业机器人系统操作员', aliases: [], codeConfidence: 'medium' }, // older code 6-30-99-00
  { seq: 78, name: '工业机器人系统运维员', occupation: '工业机器人系统运维员', workType: null, kind: 'occupation', levels: [4, 3], occupationCode: '6-31-07-01', officialName: '工业机器人系统运维员', aliases: [], codeConfidence: 'medium' }, // older code 6-31-01-10
  { seq: 79, name: '插花茶艺师', occupation: '插花茶艺师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-09-10-05', officialName: '插花花艺师', aliases: ['插花花艺师'], codeConfidence: 'high' }, // printed 插花茶艺师 in the seed text
  { seq: 80, name: '西式烹调师', occupation: '西式烹调师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-03', officialName: '西式烹调师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 81, name: '西式面点师', occupation: '西式面点师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-04', officialName: '西式面点师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 82, name: '茶艺师', occupation: '茶艺师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-03-02-07', officialName: '茶艺师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 83, name: '评茶师', occupation: '评茶师', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '6-02-06-11', officialName: '评茶师', aliases: [], codeConfidence: 'fairly high' },
  { seq: 84, name: '网约配送员', occupation: '网约配送员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-08-01', officialName: '网约配送员', aliases: [], codeConfidence: 'high' }, // older code 4-02-07-10
  { seq: 85, name: '建筑信息模型技术员（建筑工程）', occupation: '建筑信息模型技术员', workType: '建筑工程', kind: 'occupation', levels: [3], occupationCode: '4-08-08-23', officialName: '建筑信息模型技术员', aliases: [], codeConfidence: 'high' }, // work type 建筑工程; older code 4-04-05-04
  { seq: 86, name: '养老护理员', occupation: '养老护理员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-10-01-05', officialName: '养老护理员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 87, name: '呼叫中心服务员', occupation: '呼叫中心服务员', workType: null, kind: 'occupation', levels: [5, 4, 3], occupationCode: '4-04-05-03', officialName: '呼叫中心服务员', aliases: [], codeConfidence: 'fairly high' },
  { seq: 88, name: '人工智能数据标注', occupation: '人工智能数据标注', workType: null, kind: 'special_ability', levels: [], occupationCode: null, officialName: '人工智能数据标注', aliases: [], codeConfidence: null }, // special vocational ability (专项职业能力): no code, no levels
  { seq: 89, name: '人工智能模型运用', occupation: '人工智能模型运用', workType: null, kind: 'special_ability', levels: [], occupationCode: null, officialName: '人工智能模型运用', aliases: [], codeConfidence: null }, // special vocational ability (专项职业能力): no code, no levels
];
