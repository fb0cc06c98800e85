/** Texts about Redis Sentinel and Cluster (issue 17 point 4). */
export const REDIS_CONFIG_TEXT = {
  sentinelsWithUrl: '与 REDIS_URL 不能同时设置：通过哨兵（Sentinel）找主库时不设 REDIS_URL',
  clusterWithOther: '与 REDIS_URL、QIANFA_REDIS_SENTINELS 不能同时设置',
  /** `qianfa backup` / `restore` with QIANFA_REDIS_CLUSTER: the data is spread over the masters. */
  backupOnCluster:
    'Redis 集群（QIANFA_REDIS_CLUSTER）的数据分布在各主节点上，qianfa backup/restore 不适用：请分别备份每个主节点（redis-cli -h 主节点 -p 端口 --rdb 文件），恢复时按节点恢复。',
  /** HTTP 503: the commit reached the primary, but no replica acknowledged it in time. */
  replicationUnconfirmed:
    '操作已写入 Redis 主库，但在规定时间内没有副本确认，主库故障切换时可能丢失。请稍后刷新查看结果，必要时重试。',
  /** No sentinel named a node that answers as the primary (`qianfa backup` with QIANFA_REDIS_SENTINELS). */
  noPrimary: (name: string, sentinels: string) =>
    `哨兵（${sentinels}）都没有给出可用的主库“${name}”：请检查哨兵是否在运行、QIANFA_REDIS_SENTINEL_NAME 是否与哨兵配置一致。`,
} as const;
