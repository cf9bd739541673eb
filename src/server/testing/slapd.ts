/*
 * A real OpenLDAP slapd for the directory tests (issue 14): started as the current user on a free
 * loopback port in a temp dir, with the ppolicy overlay (lockout, history, must-change), memberof,
 * a service account and seeded users and groups. Never a mock: the directory's own policy decides.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTestCerts } from './slapd-certs.js';
import { slapdConf, type SlapdPolicy } from './slapd-conf.js';
import { parseLdif, type LdifAttributes } from './slapd-ldif.js';
import { groupLdif, seedLdif, ssha, type SlapdOptions } from './slapd-seed.js';

export type { SlapdGroup, SlapdOptions, SlapdUser } from './slapd-seed.js';

export type { SlapdPolicy } from './slapd-conf.js';
export type { LdifAttributes } from './slapd-ldif.js';

const SLAPD = '/usr/sbin/slapd';
const BASE_DN = 'dc=contoso,dc=example';
const WAIT_MS = 15_000;

export interface Slapd {
  url: string;
  ldapsUrl?: string;
  caFile?: string;
  baseDn: string;
  serviceDn: string;
  servicePassword: string;
  rootDn: string;
  rootPassword: string;
  userDn(uid: string): string;
  groupDn(cn: string): string;
  /** directory* configuration keys for createTestApp({ config: { ...slapd.config() } }). transport 'ldaps' / 'starttls' need tls: true. */
  config(options?: { transport?: 'plain' | 'ldaps' | 'starttls' }): Record<string, unknown>;
  /** True when a simple bind as `dn` with `password` succeeds (ldapwhoami -x); false on invalidCredentials (wrong, or locked by ppolicy). */
  bindAs(dn: string, password: string): Promise<boolean>;
  /** ldapmodify as the rootdn (bypasses ACLs and ppolicy). Throws with ldapmodify's stderr on failure. */
  ldapModify(ldif: string): Promise<void>;
  /** ldapadd as the rootdn. */
  ldapAdd(ldif: string): Promise<void>;
  /** The entry's attributes (user and operational), read as the rootdn; null when there is no such entry. Names as the server spells them. */
  readEntry(dn: string, attrs?: string[]): Promise<LdifAttributes | null>;
  /** SIGTERM, and waits for the exit: an outage. */
  stop(): Promise<void>;
  /** Starts again on the same dir and ports, and waits until it answers. */
  start(): Promise<void>;
  /** stop() and remove the temp dir. */
  close(): Promise<void>;
}

/** True when this machine can run the harness (slapd, ldap-utils, the mdb and ppolicy modules). */
export function slapdAvailable(): boolean {
  const tools = ['ldapwhoami', 'ldapmodify', 'ldapsearch'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);
  return (
    tools &&
    existsSync(SLAPD) &&
    existsSync('/usr/lib/ldap/back_mdb.la') &&
    existsSync('/usr/lib/ldap/ppolicy.la') &&
    existsSync('/etc/ldap/schema/core.schema')
  );
}

/**
 * For `describe(…, { skip: slapdSkip() })`: under CI=true a missing slapd throws (no suite may skip
 * there); elsewhere it returns the reason to skip (printed), or false when slapd is here.
 */
export function slapdSkip(): string | false {
  if (slapdAvailable()) return false;
  if (process.env.CI === 'true') throw new Error('CI=true but slapd / ldap-utils are not installed: the directory suites would be skipped');
  const reason = 'slapd not installed (apt-get install slapd ldap-utils)';
  console.log(`# skipping: ${reason}`);
  return reason;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(
  cmd: string,
  args: string[],
  input: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), WAIT_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    // The tool may exit before reading its input (e.g. slapd not up yet): its exit code tells, not an EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/**
 * Starts a real slapd with ppolicy and the seeded users and groups; resolves once it answers.
 * Call close() in an after() hook. Throws when slapd does not come up within 15 s.
 */
export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  const rootDn = `cn=admin,${BASE_DN}`;
  const rootPassword = randomBytes(12).toString('hex');
  const serviceDn = `cn=latchkey,ou=services,${BASE_DN}`;
  const servicePassword = randomBytes(12).toString('hex');
  const policy: SlapdPolicy = {
    pwdMinLength: 8,
    pwdInHistory: 3,
    pwdMaxFailure: 5,
    pwdLockout: true,
    pwdLockoutDuration: 0,
    pwdMustChange: true,
    pwdMinAge: 0,
    pwdMaxAge: 0,
    pwdAllowUserChange: true,
    pwdCheckQuality: 2,
    pwdFailureCountInterval: 0,
    ...options.policy,
  };
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const certs = options.tls ? generateTestCerts(dir) : undefined;
  const rootPwFile = path.join(dir, 'rootpw');
  writeFileSync(rootPwFile, rootPassword, { mode: 0o600 });
  const confFile = path.join(dir, 'slapd.conf');
  writeFileSync(confFile, slapdConf({ dir, baseDn: BASE_DN, rootDn, rootPasswordHash: ssha(rootPassword), serviceDn, certs }));
  const seed = path.join(dir, 'seed.ldif');
  writeFileSync(seed, seedLdif(options, servicePassword, policy));
  const added = spawnSync('/usr/sbin/slapadd', ['-q', '-f', confFile, '-l', seed], { encoding: 'utf8', timeout: WAIT_MS });
  if (added.status !== 0) throw new Error(`slapadd failed: ${added.stderr}`);

  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : undefined;
  const clientEnv = { ...process.env, LDAPTLS_REQCERT: 'never', LDAPCONF: '/dev/null', LDAPRC: '/dev/null' };
  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const answers = async () => (await run('ldapwhoami', ['-x', '-H', url, '-o', 'nettimeout=2'], undefined, clientEnv)).code === 0;
  const start = async () => {
    if (child) return;
    const proc = spawn(SLAPD, ['-f', confFile, '-h', [url, ldapsUrl].filter(Boolean).join(' '), '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = null;
    });
    const deadline = Date.now() + WAIT_MS;
    while (!(await answers())) {
      if (child !== proc) throw new Error(`slapd exited at start: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`slapd did not answer within ${WAIT_MS} ms: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const proc = child;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), WAIT_MS);
    await exited;
    clearTimeout(timer);
    child = null;
  };
  const asRoot = async (tool: string, args: string[], input?: string) => {
    const result = await run(tool, ['-x', '-H', url, '-D', rootDn, '-y', rootPwFile, ...args], input, clientEnv);
    return result;
  };

  await start();
  if (options.groups?.length) {
    const r = await asRoot('ldapadd', [], groupLdif(options.groups));
    if (r.code !== 0) throw new Error(`seeding groups failed: ${r.stderr}`);
  }

  return {
    url,
    ldapsUrl,
    caFile: certs?.caFile,
    baseDn: BASE_DN,
    serviceDn,
    servicePassword,
    rootDn,
    rootPassword,
    userDn: (uid) => `uid=${uid},ou=people,${BASE_DN}`,
    groupDn: (cn) => `cn=${cn},ou=groups,${BASE_DN}`,
    config(opts = {}) {
      const transport = opts.transport ?? 'plain';
      if (transport !== 'plain' && !certs) throw new Error('startSlapd({ tls: true }) is needed for ldaps / StartTLS');
      return {
        directoryUrl: transport === 'ldaps' ? ldapsUrl : url,
        directoryStartTls: transport === 'starttls',
        directoryKind: 'openldap',
        directoryBindDn: serviceDn,
        directoryBindPassword: servicePassword,
        directoryBaseDn: BASE_DN,
        directoryTimeoutMs: 3000,
        directorySyncIntervalMinutes: 0,
        ...(certs ? { directoryCaFile: certs.caFile } : {}),
      };
    },
    async bindAs(dn, password) {
      const r = await run('ldapwhoami', ['-x', '-H', url, '-o', 'nettimeout=5', '-D', dn, '-w', password], undefined, clientEnv);
      if (r.code === 0) return true;
      if (/ldap_bind: Invalid credentials \(49\)/.test(r.stderr)) return false;
      // The bind worked but ppolicy restricts the session (pwdReset): the password is right.
      if (!/ldap_bind/.test(r.stderr) && /ldap_whoami|Insufficient|Unwilling/i.test(r.stderr)) return true;
      throw new Error(`ldapwhoami failed (${r.code}): ${r.stderr}`);
    },
    async ldapModify(ldif) {
      const r = await asRoot('ldapmodify', [], ldif);
      if (r.code !== 0) throw new Error(`ldapmodify failed (${r.code}): ${r.stderr}`);
    },
    async ldapAdd(ldif) {
      const r = await asRoot('ldapadd', [], ldif);
      if (r.code !== 0) throw new Error(`ldapadd failed (${r.code}): ${r.stderr}`);
    },
    async readEntry(dn, attrs = ['*', '+']) {
      const r = await asRoot('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-b', dn, '-s', 'base', '(objectClass=*)', ...attrs]);
      if (r.code === 32) return null;
      if (r.code !== 0) throw new Error(`ldapsearch failed (${r.code}): ${r.stderr}`);
      return parseLdif(r.stdout)[0]?.attributes ?? null;
    },
    stop,
    start,
    async close() {
      await stop();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
