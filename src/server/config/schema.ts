import { z } from 'zod';

/**
 * The one configuration schema. Every key is documented in docs/configuration.md; a test keeps
 * the two in step. Only `load.ts` reads `process.env` and hands the result here.
 */
const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');
const durationSeconds = (min: number, max: number) => intFrom(min, max);
/** fetch refuses a URL with user:password@, so say so at start-up rather than at the first send. */
const hasNoCredentials = (url: string) => {
  if (!URL.canParse(url)) return true; // reported by the URL check itself
  const { username, password } = new URL(url);
  return !username && !password;
};

/** The fields a directory attribute can be mapped to (LATCHKEY_DIRECTORY_ATTRIBUTES; issue 14). */
export const DIRECTORY_ATTRIBUTE_FIELDS = [
  'uid',
  'userPrincipalName',
  'mail',
  'givenName',
  'surname',
  'displayName',
  'mobilePhone',
  'businessPhones',
  'department',
  'jobTitle',
  'memberOf',
  'immutableId',
  'changeMarker',
] as const;
export type DirectoryAttributeField = (typeof DIRECTORY_ATTRIBUTE_FIELDS)[number];
const ldapFilter = z.string().regex(/^\(.*\)$/s, 'must be an LDAP filter in parentheses, such as (objectClass=inetOrgPerson)');

export const configSchema = z
  .object({
    /** Address to listen on. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port to listen on. */
    port: intFrom(0, 65535).default(3000),
    /** Public origin users reach the service at (used in links and to decide on Secure cookies and HSTS). */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** PEM certificate (chain) to serve https with, together with tlsKeyFile; both re-read on SIGHUP (issue 15). */
    tlsCertFile: z.string().min(1).optional(),
    /** PEM private key of tlsCertFile. */
    tlsKeyFile: z.string().min(1).optional(),
    /** Folder for the SQLite database and the generated secret. */
    dataDir: z.string().min(1).default('./data'),
    /** postgres://… to use PostgreSQL; empty for the embedded SQLite database. */
    databaseUrl: z
      .string()
      .regex(/^(postgres|postgresql):\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    /** Server secret (at least 32 characters) keying CSRF tokens and device cookies; generated into dataDir when absent. */
    secret: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The domain of the first organisation's user principal names on first run. */
    defaultDomain: z
      .string()
      .regex(/^(?=.{1,48}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name such as contoso.example')
      .default('contoso.example'),
    /** The first organisation's display name on first run. */
    organizationName: z.string().min(1).max(256).default('Contoso'),
    /** Default language for users without a preference. */
    defaultLanguage: z.enum(['en', 'nl']).default('en'),
    /** Log level. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Trust X-Forwarded-* from these proxies (comma-separated IPs/CIDRs). */
    trustedProxies: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [],
      ),
    /** argon2id memory cost in KiB (floor 19456, OWASP). */
    argon2MemoryKib: intFrom(19456, 1048576).default(19456),
    /** argon2id iterations (floor 2). */
    argon2Iterations: intFrom(2, 20).default(2),
    /** argon2id parallelism. */
    argon2Parallelism: intFrom(1, 16).default(1),
    /** Concurrent hash computations; default: number of cores. */
    hashConcurrency: intFrom(1, 256).optional(),
    /** Hash requests allowed to wait; beyond this the server answers 503. */
    hashQueueLimit: intFrom(0, 100000).default(256),
    /** Server processes sharing the port (node:cluster; issue 16); default: the number of cores, 1 = one process. */
    workers: intFrom(1, 256).optional(),
    /** Session idle timeout in seconds (NIST AAL1 allows 30 days; default 8 hours). */
    sessionIdleSeconds: durationSeconds(60, 2592000).default(28800),
    /** Session absolute lifetime in seconds (default 24 hours). */
    sessionAbsoluteSeconds: durationSeconds(300, 2592000).default(86400),
    /** How long a sign-in or step-up proof counts as fresh for sensitive actions (issue 17, step-up). 60 to 3600. */
    stepUpMaxAgeSeconds: durationSeconds(60, 3600).default(600),
    /** Serve the built web app from this folder. */
    webRoot: z.string().default('dist/web'),
    /** Serve Prometheus metrics at /metrics on a listener of their own (metricsHost:metricsPort), never on the main port. Off by default. */
    metricsEnabled: bool.default(false),
    /** Address the metrics listener binds to (default loopback only). */
    metricsHost: z.string().min(1).default('127.0.0.1'),
    /** Port of the metrics listener (0: any free port). */
    metricsPort: intFrom(0, 65535).default(9464),
    /** Allow the dev mailbox (no SMTP) although the configuration looks like production (https public URL or NODE_ENV=production). */
    devMailbox: bool.default(false),
    /** SMTP server for mail, e.g. smtp://user:pass@mail.contoso.com:587 or smtps://…:465; empty: the dev mailbox. */
    smtpUrl: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://')
      .optional(),
    /** Sender of Latchkey's mail; default no-reply@<default domain>. */
    mailFrom: z.string().min(3).max(256).optional(),
    /** HTTP gateway for text messages and voice calls (a signed JSON POST per message); empty: the dev mailbox. */
    smsHttpUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .refine(hasNoCredentials, 'must not contain a user name or password (requests are signed with LATCHKEY_SMS_HTTP_SECRET)')
      .optional(),
    /** HMAC key (at least 32 characters) signing every request to the SMS gateway; required with smsHttpUrl. */
    smsHttpSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    /** How long the SMS gateway may take to answer, in milliseconds. */
    smsHttpTimeoutMs: intFrom(100, 120000).default(10000),
    /** How often the outbox worker looks for mail to deliver, in milliseconds. */
    outboxPollMs: intFrom(50, 60000).default(1000),
    /** Time zone for local times in mail (IANA name). */
    timeZone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Europe/Amsterdam')
      .default('UTC'),
    /** Sign-in attempts per client address per minute (0: no limit). Generous: offices share addresses. */
    rateLimitSignInPerIp: intFrom(0, 1_000_000).default(600),
    /** Password attempts per account per minute from unfamiliar browsers, and per familiar browser (0: no limit); smart lockout works below this. */
    rateLimitSignInPerAccount: intFrom(0, 1_000_000).default(30),
    /** Password reset portal: flows a client address may start per 10 minutes (0: no limit). */
    rateLimitRecoveryPerIp: intFrom(0, 1_000_000).default(30),
    /** Password reset portal: codes a client address may have sent per hour, whatever the accounts (0: no limit). */
    rateLimitRecoverySendsPerIp: intFrom(0, 1_000_000).default(20),
    /** Password reset portal: codes and notices one account may be sent per 15 minutes (0: no limit; checklist R11). */
    rateLimitRecoveryMessagesPerAccount: intFrom(0, 1000).default(3),
    /** Password reset portal: codes and notices one account may be sent per 24 hours (0: no limit; checklist R11). */
    rateLimitRecoveryMessagesPerAccountPerDay: intFrom(0, 1000).default(10),
    /** Password reset portal: code and answer checks a client address may make per 10 minutes (0: no limit). */
    rateLimitRecoveryVerifiesPerIp: intFrom(0, 1_000_000).default(60),
    /** OAuth (issue 15): lifetime of access tokens in seconds (short-lived; Entra's default is 60-90 minutes). */
    oauthAccessTokenSeconds: intFrom(300, 86_400).default(3599),
    /** OAuth: days between token signing key rotations; retired keys stay in the JWKS until their tokens have expired. */
    oauthKeyRotationDays: intFrom(1, 365).default(30),
    /** OAuth: token requests per client id per minute (0: no limit). */
    rateLimitTokenPerClient: intFrom(0, 1_000_000).default(600),
    /** OAuth: token requests per client address per minute (0: no limit). */
    rateLimitTokenPerIp: intFrom(0, 1_000_000).default(1200),
    /** Graph surface (issue 15): requests per app (client id) per minute, all its callers together (0: no limit). */
    graphRequestsPerAppPerMinute: intFrom(0, 10_000_000).default(12_000),
    /** Graph surface: requests per signed-in user per minute with delegated tokens, across apps (0: no limit). */
    graphRequestsPerUserPerMinute: intFrom(0, 10_000_000).default(1_200),
    /** Proof-of-work difficulty of the reset portal's CAPTCHA (ALTCHA's largest number; about 0.1-0.5 s in a browser at 100,000). */
    recoveryCaptchaMaxNumber: intFrom(10, 10_000_000).default(100_000),
    /** Lifetime of a set-your-own-password link an admin sends, in hours (default 24; at most 24, checklist R7). */
    passwordLinkHours: intFrom(1, 24).default(24),
    /** Base URL of a k-anonymity range service in the Pwned Passwords format (`<url>/range/<5 hex>`); unset = no online breached-password check. */
    breachedPasswordsUrl: z
      .url({ protocol: /^https?$/ })
      .refine(hasNoCredentials, 'must not contain a user name or password')
      .optional(),
    /** How long one breached-password range request may take, in milliseconds, before the source counts as unavailable. */
    breachedPasswordsTimeoutMs: intFrom(100, 30_000).default(2_000),
    /** How long a server holds a bulk reset job before another may take it over (after a crash). */
    jobLeaseSeconds: intFrom(2, 3600).default(30),
    /** Generated passwords of a bulk reset that nobody took are deleted this many seconds after they were made (default 4 hours). */
    resetJobPasswordTtlSeconds: durationSeconds(60, 7 * 86_400).default(4 * 3600),
    /** A generated temporary password (admin reset, bulk job) stops working for sign-in this many seconds after it was set if still unchanged (default 24 hours; checklist A4). */
    temporaryPasswordTtlSeconds: durationSeconds(300, 30 * 86_400).default(86_400),
    /** Audit events older than this many days are deleted by the retention job. */
    auditRetentionDays: intFrom(30, 3650).default(365),
    /** Sign-in log entries older than this many days are deleted by the retention job (Entra keeps 30). */
    signInRetentionDays: intFrom(1, 3650).default(30),
    /** Delivered and failed outbox messages (and their delivery attempts) older than this many days are deleted. */
    outboxRetentionDays: intFrom(1, 3650).default(30),
    /** Dev mailbox messages older than this many days are deleted (they hold codes and links in plain text). */
    devMailboxRetentionDays: intFrom(1, 3650).default(7),
    /** Run the periodic jobs (expiry reminders, expired-session clean-up) in this process. */
    jobsEnabled: bool.default(true),
    /** Request body limit in bytes. */
    bodyLimitBytes: intFrom(1024, 1048576).default(65536),
    /** The on-premises directory (issue 14): ldap://host[:port] or ldaps://host[:port]; unset = no directory, every user is local. */
    directoryUrl: z
      .string()
      .regex(/^ldaps?:\/\/[^\s/?#@]+\/?$/i, 'must be ldap://host[:port] or ldaps://host[:port]')
      .optional(),
    /** Upgrade an ldap:// connection with StartTLS before binding (refused when the server does not offer it). */
    directoryStartTls: bool.default(false),
    /** 'openldap' (ppolicy, RFC 3062 password modify) or 'active-directory' (unicodePwd, which needs ldaps:// or StartTLS). */
    directoryKind: z.enum(['openldap', 'active-directory']).default('openldap'),
    /** DN of the service account Latchkey binds as to read users and reset passwords. */
    directoryBindDn: z.string().min(1).optional(),
    /** The service account's password (or directoryBindPasswordFile). A secret: redacted from logs. */
    directoryBindPassword: z.string().min(1).optional(),
    /** File holding the service account's password (one trailing newline is ignored); instead of directoryBindPassword. */
    directoryBindPasswordFile: z.string().min(1).optional(),
    /** Where users and groups are searched (subtree), e.g. dc=contoso,dc=com. */
    directoryBaseDn: z.string().min(1).optional(),
    /** LDAP filter selecting the users to sync; default per kind ((objectClass=inetOrgPerson) / (&(objectCategory=person)(objectClass=user))). */
    directoryUserFilter: ldapFilter.optional(),
    /** LDAP filter selecting the groups to sync; default per kind ((|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)) / (objectClass=group)). */
    directoryGroupFilter: ldapFilter.optional(),
    /** PEM file with the CA certificate(s) that sign the directory's TLS certificate; unset = the system's CAs. */
    directoryCaFile: z.string().min(1).optional(),
    /** How long one directory operation (connect, bind, search page, modify) may take, in milliseconds, before the directory counts as unavailable. */
    directoryTimeoutMs: intFrom(100, 120_000).default(5000),
    /** Minutes between background syncs from the directory (0 = only when an administrator starts one). */
    directorySyncIntervalMinutes: intFrom(0, 10_080).default(30),
    /** Attribute map overrides, field=attribute pairs such as "mail=mail,mobilePhone=mobile" (fields: see docs/configuration.md). */
    directoryAttributes: z
      .string()
      .refine(
        (v) =>
          v
            .split(',')
            .every(
              (pair) =>
                /^\s*([A-Za-z]+)\s*=\s*[A-Za-z][A-Za-z0-9-]*\s*$/.test(pair) &&
                DIRECTORY_ATTRIBUTE_FIELDS.includes(pair.split('=')[0]!.trim() as DirectoryAttributeField),
            ),
        { message: `must be field=attribute pairs separated by commas; fields: ${DIRECTORY_ATTRIBUTE_FIELDS.join(', ')}` },
      )
      .optional(),
  })
  .strict()
  .refine((c) => c.sessionAbsoluteSeconds >= c.sessionIdleSeconds, {
    path: ['sessionAbsoluteSeconds'],
    message: 'must be at least sessionIdleSeconds',
  })
  // Issue 14: a directory needs where to look and who to bind as; AD's unicodePwd is only written over an encrypted connection.
  .refine((c) => !c.directoryUrl || (!!c.directoryBaseDn && !!c.directoryBindDn), {
    path: ['directoryUrl'],
    message: 'needs LATCHKEY_DIRECTORY_BASE_DN and LATCHKEY_DIRECTORY_BIND_DN',
  })
  .refine((c) => !c.directoryUrl || !!c.directoryBindPassword !== !!c.directoryBindPasswordFile, {
    path: ['directoryBindPassword'],
    message: 'set exactly one of LATCHKEY_DIRECTORY_BIND_PASSWORD and LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE',
  })
  .refine((c) => !!c.directoryUrl || ![c.directoryBindDn, c.directoryBaseDn, c.directoryBindPassword, c.directoryBindPasswordFile].some(Boolean), {
    path: ['directoryUrl'],
    message: 'is required when other LATCHKEY_DIRECTORY_* settings are given',
  })
  .refine((c) => !(c.directoryStartTls && /^ldaps:/i.test(c.directoryUrl ?? '')), {
    path: ['directoryStartTls'],
    message: 'cannot be combined with an ldaps:// URL (that connection is already encrypted)',
  })
  .refine((c) => c.directoryKind !== 'active-directory' || !c.directoryUrl || /^ldaps:/i.test(c.directoryUrl) || c.directoryStartTls, {
    path: ['directoryKind'],
    message:
      'active-directory needs an ldaps:// URL or LATCHKEY_DIRECTORY_START_TLS=true: Active Directory accepts password writes only over an encrypted connection',
  })
  // Issue 15: TLS needs both halves of the pair.
  .refine((c) => !c.tlsCertFile || !!c.tlsKeyFile, { path: ['tlsKeyFile'], message: 'is required with LATCHKEY_TLS_CERT_FILE (set both or neither)' })
  .refine((c) => !c.tlsKeyFile || !!c.tlsCertFile, { path: ['tlsCertFile'], message: 'is required with LATCHKEY_TLS_KEY_FILE (set both or neither)' })
  .refine((c) => !c.smsHttpUrl || !!c.smsHttpSecret, {
    path: ['smsHttpSecret'],
    message: 'is required when LATCHKEY_SMS_HTTP_URL is set: at least 32 characters, shared with the gateway, which verifies each request with it',
  });

export type ConfigInput = z.input<typeof configSchema>;
export type Config = Readonly<z.output<typeof configSchema>>;

/** Maps each config key to its environment variable (LATCHKEY_ + SCREAMING_SNAKE_CASE). */
export function envName(key: string): string {
  return 'LATCHKEY_' + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export const configKeys = Object.keys(configSchema.shape) as (keyof ConfigInput)[];
