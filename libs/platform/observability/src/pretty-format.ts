/** Keys of a JSON line shown in the readable prefix rather than as key=value. */
const PREFIX_KEYS = new Set(['level', 'time', 'app', 'pid', 'context', 'msg', 'error', 'hostname']);

/** One pino JSON line as `time LEVEL [app/context] message key=value ...` (LOG_FORMAT=pretty). */
export function prettyLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const where = [entry['app'], entry['context']].filter((v) => typeof v === 'string' && v !== '').join('/');
  const fields = Object.entries(entry)
    .filter(([k]) => !PREFIX_KEYS.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = entry['error'] as { message?: string; stack?: string } | undefined;
  const tail = err ? `\n${err.stack ?? err.message ?? ''}` : '';
  return `${String(entry['time'] ?? '')} ${String(entry['level'] ?? '')
    .toUpperCase()
    .padEnd(5)} [${where}] ${String(entry['msg'] ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}${tail}\n`;
}
