/** The admin alert for a published article with findings under today's word lists (巡检发现问题). */
export function onlineFindingText(
  target: string,
  article: { title: string; url: string },
  findings: readonly { text: string; message: string }[],
): string {
  const listed = findings
    .map((finding) => `“${finding.text}”：${finding.message.replace(/。$/, '')}`)
    .join('；');
  return `已发布文章《${article.title}》（${target}）按现行词表复查发现问题：${listed}。请核实，必要时发起更正或撤稿：${article.url}`;
}

/** The admin alert for an outbound link that did not answer on two patrols in a row (链接失效). */
export function deadLinkText(
  target: string,
  article: { title: string; url: string },
  link: string,
  status: string,
): string {
  return `已发布文章《${article.title}》（${target}）中的链接 ${link} 连续两次巡检无法访问（${status}），请更正：${article.url}`;
}

/** One line of `qianfa monitor patrol` per open finding and dead link. */
export const PATROL_CLI_TEXT = {
  summary: (run: {
    articles: number;
    newFindings: number;
    linksChecked: number;
    deadLinks: number;
    ms: number;
  }) =>
    `巡检完成：${run.articles} 篇文章，新发现问题 ${run.newFindings} 处，检查链接 ${run.linksChecked} 个，失效链接 ${run.deadLinks} 个，用时 ${run.ms} 毫秒。`,
  finding: (target: string, title: string, url: string, texts: string) =>
    `问题\t${target}\t《${title}》\t${texts}\t${url}`,
  deadLink: (target: string, link: string, status: string, url: string) =>
    `失效链接\t${target}\t${link}\t${status}\t${url}`,
  failure: (target: string, reason: string) => `无法读取\t${target}\t${reason}`,
};
