/** Collects validation problems as `file#where: message` lines, so every problem is reported at once. */
export interface WorkflowIssues {
  errors: string[];
  warnings: string[];
  error(where: string, message: string): void;
  warn(where: string, message: string): void;
}

export function createIssues(file: string): WorkflowIssues {
  const line = (where: string, message: string): string =>
    where === '' ? `${file}: ${message}` : `${file}#${where}: ${message}`;
  const errors: string[] = [];
  const warnings: string[] = [];
  return {
    errors,
    warnings,
    error: (where, message) => errors.push(line(where, message)),
    warn: (where, message) => warnings.push(line(where, message)),
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports keys outside `allowed`; typos such as `chain:` must not be silently ignored. */
export function checkKeys(
  issues: WorkflowIssues,
  where: string,
  value: Record<string, unknown>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      issues.error(join(where, key), `未知字段，可用字段：${allowed.join('、')}`);
    }
  }
}

export function join(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`;
}
