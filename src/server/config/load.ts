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
  return Object.freeze(withDirectoryBindPassword(result.data));
}

/**
 * Reads LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE into directoryBindPassword (one trailing newline
 * dropped, as editors and `echo` add it), so the connector has one place to look. The secret is
 * redacted from logs (http/logging.ts; checklist AU3) and never named in an error.
 */
function withDirectoryBindPassword(config: z.output<typeof configSchema>): z.output<typeof configSchema> {
  const file = config.directoryBindPasswordFile;
  if (!file) return config;
  const name = envName('directoryBindPasswordFile');
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${name}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`]);
  }
  const password = content.replace(/\r?\n$/, '');
  if (!password) throw new ConfigError([`${name}: ${file} is empty`]);
  return { ...config, directoryBindPassword: password };
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

/** LATCHKEY_TLS_CERT_FILE / LATCHKEY_TLS_KEY_FILE that cannot be read now: said at start-up, not at the first handshake (issue 15). */
export function tlsFileProblems(config: Pick<Config, 'tlsCertFile' | 'tlsKeyFile'>): string[] {
  const problems: string[] = [];
  for (const key of ['tlsCertFile', 'tlsKeyFile'] as const) {
    const file = config[key];
    if (!file) continue;
    try {
      readFileSync(file);
    } catch (err) {
      problems.push(`${envName(key)}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  return problems;
}

/** @throws ConfigError when {@link servingProblems} or {@link tlsFileProblems} finds any. */
export function assertServable(config: Config, env: NodeJS.ProcessEnv = process.env): void {
  const problems = [...tlsFileProblems(config), ...servingProblems(config, env)];
  if (problems.length) throw new ConfigError(problems);
}
