import { readFileSync } from 'node:fs';
import { t } from '../i18n/index.js';
import type { z } from 'zod';
import { configKeys, configSchema, envName, type Config } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Builds the configuration from an optional JSON file (LATCHKEY_CONFIG_FILE) overlaid with
 * LATCHKEY_* environment variables and explicit overrides. The only reader of process.env.
 * @throws ConfigError naming every invalid key (as its environment variable) and why.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Record<string, unknown> = {}): Config {
  const raw: Record<string, unknown> = {};
  const file = env.LATCHKEY_CONFIG_FILE;
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError([`LATCHKEY_CONFIG_FILE: cannot read ${file}: ${(err as Error).message}`]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError([`LATCHKEY_CONFIG_FILE: ${file} must hold a JSON object`]);
    }
    Object.assign(raw, parsed);
  }
  const known = new Set(configKeys.map((k) => envName(k)));
  const unknown = Object.keys(env).filter((k) => k.startsWith('LATCHKEY_') && !known.has(k) && !ALLOWED_EXTRA_ENV.has(k));
  if (unknown.length > 0) throw new ConfigError(unknown.map((k) => `${k}: unknown setting`));
  for (const key of configKeys) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  Object.assign(raw, overrides);
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(result.error.issues.map(describeIssue));
  return Object.freeze(result.data);
}

/** Variables read elsewhere on purpose (tests, tooling), not server settings. */
const ALLOWED_EXTRA_ENV = new Set(['LATCHKEY_CONFIG_FILE', 'LATCHKEY_TEST_POSTGRES_URL', 'LATCHKEY_CHROMIUM']);

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `LATCHKEY_CONFIG_FILE: unknown setting(s) ${issue.keys.join(', ')}`;
  const key = issue.path[0];
  const name = typeof key === 'string' ? envName(key) : '(config)';
  return `${name}: ${issue.message}`;
}

/**
 * What keeps this configuration from serving (issue 12 finding 10; checklist AU3, N5): when it
 * looks like production (an https public URL, or NODE_ENV=production) and no SMTP server is set,
 * every message, codes and set-password links included, would go to the dev mailbox, stored in
 * plain text. Refused unless LATCHKEY_DEV_MAILBOX=true says that is meant.
 */
export function servingProblems(config: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const reasons = [
    ...(config.publicUrl?.startsWith('https://') ? ['LATCHKEY_PUBLIC_URL is https'] : []),
    ...(env.NODE_ENV === 'production' ? ['NODE_ENV=production'] : []),
  ];
  if (!reasons.length || config.smtpUrl || config.devMailbox) return [];
  // In the organisation's language, like the rest of what `serve` prints.
  return [t(config.defaultLanguage, 'cli.dev_mailbox_refused', { reasons: reasons.join(', ') })];
}

/** @throws ConfigError when {@link servingProblems} finds any. */
export function assertServable(config: Config, env: NodeJS.ProcessEnv = process.env): void {
  const problems = servingProblems(config, env);
  if (problems.length) throw new ConfigError(problems);
}
