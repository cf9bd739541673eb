import type { RoleId } from '../../shared/roles.js';
import { identifierKey, type UserFields } from '../../server/features/users/model.js';
import { departments, dutchGivenNames, dutchSurnames, englishGivenNames, englishSurnames, type Department } from './names.js';

export interface DemoUser extends UserFields {
  department: string;
  jobTitle: string;
  forceChangePassword: boolean;
  roles: RoleId[];
}

/**
 * Who holds which admin role in the sample organisation, and in which department they work:
 * one or two of each role, a few more helpdesk and password administrators.
 */
export const rolePlan: readonly { role: RoleId; count: number; department: string }[] = [
  { role: 'global-administrator', count: 1, department: 'IT' },
  { role: 'privileged-authentication-administrator', count: 1, department: 'IT' },
  { role: 'privileged-role-administrator', count: 1, department: 'IT' },
  { role: 'authentication-administrator', count: 2, department: 'IT' },
  { role: 'authentication-policy-administrator', count: 1, department: 'IT' },
  { role: 'user-administrator', count: 2, department: 'HR' },
  { role: 'helpdesk-administrator', count: 3, department: 'Support' },
  { role: 'password-administrator', count: 3, department: 'Support' },
  { role: 'groups-administrator', count: 1, department: 'IT' },
  { role: 'directory-readers', count: 2, department: 'Operations' },
  { role: 'guest-inviter', count: 1, department: 'Marketing' },
  { role: 'message-center-reader', count: 1, department: 'IT' },
  { role: 'reports-reader', count: 2, department: 'Finance' },
  { role: 'user-experience-success-manager', count: 1, department: 'Support' },
  { role: 'usage-summary-reports-reader', count: 1, department: 'Finance' },
];

export const MIN_DEMO_USERS = rolePlan.reduce((n, r) => n + r.count, 0) + 10;

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same organisation. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lower-case ASCII for a user principal name: "Chloë" -> "chloe", "in 't Veld" -> "intveld". */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

export interface GenerateOptions {
  count: number;
  seed: number;
  domain: string;
  /** identifierKey()s of user principal names already in the directory. */
  taken: ReadonlySet<string>;
}

/** The sample users, deterministic for a given seed, count, domain and set of taken names. */
export function generateDemoUsers(options: GenerateOptions): DemoUser[] {
  const random = createRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const totalWeight = departments.reduce((n, d) => n + d.weight, 0);
  const pickDepartment = (): Department => {
    let r = random() * totalWeight;
    for (const d of departments) if ((r -= d.weight) < 0) return d;
    return departments[0]!;
  };
  const taken = new Set(options.taken);
  const domain = options.domain.toLowerCase();

  const users: DemoUser[] = [];
  for (let i = 0; i < options.count; i++) {
    const dutch = chance(0.55);
    const givenName = pick(dutch ? dutchGivenNames : englishGivenNames);
    const surname = pick(dutch ? dutchSurnames : englishSurnames);
    const base = `${slug(givenName)}.${slug(surname)}`;
    let local = base;
    for (let n = 2; taken.has(identifierKey(`${local}@${domain}`)); n++) local = `${base}${n}`;
    const upn = `${local}@${domain}`;
    taken.add(identifierKey(upn));

    const department = pickDepartment();
    const manager = department.titles.at(-1)!;
    const jobTitle = department.name === 'Executive' ? pick(department.titles) : chance(0.1) ? manager : pick(department.titles.slice(0, -1));
    const otherMails: string[] = [];
    if (chance(0.25)) {
      const personal = pick([
        `${slug(givenName)}${slug(surname)}@example.com`,
        `${slug(givenName)}.${slug(surname)}${digits(2)}@example.net`,
        `${slug(givenName).charAt(0)}${slug(surname)}@example.org`,
      ]);
      otherMails.push(personal);
    }
    const mobilePhone = chance(0.75)
      ? dutch || chance(0.6)
        ? `+31 6 ${1 + Math.floor(random() * 9)}${digits(3)} ${digits(4)}`
        : `+44 7700 900${digits(3)}`
      : null;
    const businessPhones = chance(0.6) ? [`+31 20 7${digits(2)} ${digits(4)}`] : [];
    const language = random();
    const preferredLanguage = dutch ? (language < 0.7 ? 'nl' : language < 0.9 ? 'en' : null) : language < 0.85 ? 'en' : null;

    users.push({
      userPrincipalName: upn,
      displayName: `${givenName} ${surname}`,
      givenName,
      // Dutch surnames are stored with their prefix ("van den Berg"), as Entra shows them.
      surname,
      mail: upn,
      otherMails,
      mobilePhone,
      businessPhones,
      department: department.name,
      jobTitle,
      accountEnabled: !chance(0.03),
      preferredLanguage,
      forceChangePassword: chance(0.05),
      roles: [],
    });
  }

  // Role holders: people from the department that would hold the role, enabled and ready to sign in.
  for (const { role, count, department } of rolePlan) {
    for (let k = 0; k < count; k++) {
      const free = users.filter((u) => u.roles.length === 0);
      if (free.length === 0) break;
      const inDepartment = free.filter((u) => u.department === department);
      const holder = pick(inDepartment.length ? inDepartment : free);
      holder.roles.push(role);
      holder.accountEnabled = true;
      holder.forceChangePassword = false;
    }
  }
  return users;
}

/** The groups of the sample organisation, each with a test for its members. */
export function demoGroups(): { displayName: string; description: string; includes: (u: DemoUser) => boolean }[] {
  return [
    { displayName: 'All employees', description: 'Everyone in the organisation', includes: () => true },
    { displayName: 'Managers', description: 'People who lead a team or department', includes: (u) => /Manager|Lead|Chief|Controller/.test(u.jobTitle) },
    ...departments.map((d) => ({ displayName: d.name, description: `Everyone in ${d.name}`, includes: (u: DemoUser) => u.department === d.name })),
  ];
}
