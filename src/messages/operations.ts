/** What administrators are told about the installation itself (storage, processes). */
export const OPERATIONS_TEXT = {
  storageRestarted: (reason: string, downMs: number, attempts: number) =>
    `内置存储（redis-server）意外退出（${reason}），已自动重启（第 ${attempts} 次尝试成功，` +
    `中断约 ${Math.max(1, Math.round(downMs / 1000))} 秒）。中断期间的请求已答复 503 且未保存；` +
    '已确认的数据均在。若反复出现，请检查内存和磁盘。',
};
