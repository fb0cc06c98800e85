/**
 * What a store hands back is a copy made through JSON, as the Redis adapters' are: callers can neither change
 * stored state by mutating what they got, nor store something JSON would not keep (an undefined field).
 */
export function storedCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
