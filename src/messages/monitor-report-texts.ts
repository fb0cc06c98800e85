import type { IndicatorId, IndicatorVerdict } from '../domain/monitor/report-indicators.js';

/** Chinese labels of the inspection report (docs/monitor.md lists the indicators and their seeds). */
export const INDICATOR_LABELS: Readonly<Record<IndicatorId, string>> = {
  update_interval: '最长未更新天数（不合格阈值）',
  zombie: '僵尸号（未更新月数）',
  weekly_posts: '每周最少发布次数（未达标周数）',
  original_posts: '每两周至少原创条数（未达标窗口数）',
  original_ratio: '原创比例下限',
  dead_links: '死链（应为0）',
};

export const VERDICT_LABELS: Readonly<Record<IndicatorVerdict, string>> = {
  pass: '合格',
  fail: '不合格',
  undetermined: '待定',
};

export const PLATFORM_LABELS = { wechat: '微信公众号', weibo: '微博' } as const;

export const REPORT_TEXT = {
  title: (orgName: string, period: string) => `${orgName} 政务新媒体考核报表（${period}）`,
  counted: (from: string, to: string) => `统计区间：${from} 至 ${to}`,
  sheetAccounts: '账号',
  sheetIndicators: '指标',
  sheetReviewTimes: '审签用时',
  sheetReviewTimesByAccount: '审签用时（按账号）',
  accountColumns: [
    '平台',
    '账号',
    '最近更新',
    '发布数',
    '周均发布',
    '最长未更新（天）',
    '最长未更新（工作日）',
    '原创',
    '转载',
    '类别未知',
    '原创比例',
    '已发布内容问题',
    '死链',
  ],
  indicatorColumns: ['账号', '指标', '阈值', '实际', '结论', '依据'],
  reviewColumns: ['等级', '稿件数', '中位用时（小时）', '90%用时（小时）'],
  accountReviewColumns: ['账号', '稿件数', '中位用时（小时）', '90%用时（小时）'],
  chartWeekly: '每周发布数',
  chartOriginal: '原创比例',
  chartReview: '审签用时（小时）',
  chartReviewByAccount: '各账号审签用时（小时）',
  noAccounts: '本组织尚无账号。',
  fontMissing: (path: string) =>
    `找不到或无法读取 PDF 报表所需的中文字体：${path}。请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），或用 QIANFA_REPORT_FONT 指定字体文件。`,
} as const;
