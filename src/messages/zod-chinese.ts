import { z } from 'zod';

// zod's own messages in Simplified Chinese for the whole process: they reach people (a refused request, a bad
// setting). Set once rather than passed to each parse: zod copies a parse's options with one property more, which
// in V8 11 makes a new hidden class on every parse (docs/scaling.md, "Hidden classes").
z.config(z.locales.zhCN());

/** `schema.safeParse(value)`, its messages in Chinese. */
export function safeParseInChinese<S extends z.ZodType>(
  schema: S,
  value: unknown,
): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value);
}
