import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MonitorProfile } from '../../domain/monitor/monitor-profile.js';
import {
  parseMonitorProfile,
  type ParsedMonitorProfile,
} from '../../domain/monitor/parse-monitor-profile.js';
import type { MonitorProfiles } from '../../services/ports/monitor.js';
import { DEFAULT_PROFILES_DIR } from '../../package-dirs.js';
import { readYamlFile } from './read-workflows.js';

export { DEFAULT_PROFILES_DIR };

export type ReadProfilesResult =
  | { defaultProfile: MonitorProfile; byOrg: ReadonlyMap<string, MonitorProfile>; warnings: string[] }
  | { errors: string[]; warnings: string[] };

const DEFAULT_FILE = 'default.yaml';

/** Reads the profiles for the service: each organisation's profile, or throws with every problem. */
export async function loadMonitorProfiles(dir: string): Promise<MonitorProfiles> {
  const result = await readMonitorProfiles(dir);
  if ('errors' in result) throw new Error(`监测配置有误：${result.errors.join('；')}`);
  const { defaultProfile, byOrg } = result;
  return (org) => byOrg.get(org) ?? defaultProfile;
}

/**
 * Reads `default.yaml` (every threshold) and each `<org-slug>.yaml` as an override of it, like the workflows:
 * every problem of every file, as `path#where: message`.
 */
export async function readMonitorProfiles(dir: string): Promise<ReadProfilesResult> {
  const names = await readdir(dir).then(
    (all) => all.filter((name) => name.endsWith('.yaml')).sort(),
    () => undefined,
  );
  if (!names) return { errors: [`${dir}: 监测配置目录不存在或无法读取`], warnings: [] };
  if (!names.includes(DEFAULT_FILE))
    return { errors: [`${join(dir, DEFAULT_FILE)}: 缺少默认监测配置`], warnings: [] };
  const base = await parseFile(join(dir, DEFAULT_FILE));
  if (!('profile' in base)) return base;
  const errors: string[] = [];
  const warnings = [...base.warnings];
  const byOrg = new Map<string, MonitorProfile>();
  for (const name of names.filter((file) => file !== DEFAULT_FILE)) {
    const parsed = await parseFile(join(dir, name), base.profile);
    warnings.push(...parsed.warnings);
    if ('profile' in parsed) byOrg.set(basename(name, '.yaml'), parsed.profile);
    else errors.push(...parsed.errors);
  }
  return errors.length > 0 ? { errors, warnings } : { defaultProfile: base.profile, byOrg, warnings };
}

async function parseFile(path: string, base?: MonitorProfile): Promise<ParsedMonitorProfile> {
  const read = await readYamlFile(path);
  return 'errors' in read ? { ...read, warnings: [] } : parseMonitorProfile(read.value, path, base);
}
