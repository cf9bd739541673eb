import type { AuditPageItem, LogParty, SignInPageItem } from '../features/reports/graph-logs.js';
import { parseUserAgent } from '../../shared/user-agent.js';
import type { SignInReason } from '../../shared/reports.js';
import { activityOf } from './logs-activities.js';

/*
 * Graph's directoryAudit and signIn resources (issue 15; graph-ldap-facts.md, Logs) built from
 * Latchkey's audit and sign-in events. Fields Latchkey has no data for are null or Entra's
 * "nothing" value (conditionalAccessStatus 'notApplied', risk 'none'), never invented.
 */

/** The app name an event initiated by the console or by Latchkey itself shows (Entra names its own services the same way). */
const SYSTEM_APP = { cli: 'Latchkey command line', system: 'Latchkey' } as const;

function initiatedBy(party: LogParty, ipAddress: string | null) {
  if (party.kind === 'user') return { user: { id: party.id, displayName: null, userPrincipalName: party.name, ipAddress }, app: null };
  if (party.kind === 'app')
    return { user: null, app: { appId: party.clientId ?? null, displayName: party.name, servicePrincipalId: party.id, servicePrincipalName: null } };
  const name = party.name === 'cli' || party.name === 'system' ? SYSTEM_APP[party.name] : (party.name ?? SYSTEM_APP.system);
  return { user: null, app: { appId: null, displayName: name, servicePrincipalId: null, servicePrincipalName: null } };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A directoryAudit. */
export function directoryAuditJson(item: AuditPageItem): Record<string, unknown> {
  const { event, initiator, target } = item;
  const activity = activityOf(event.action);
  const details = Object.entries(event.details).map(([key, value]) => ({ key, value: text(value) }));
  if (event.userAgent) details.push({ key: 'User-Agent', value: event.userAgent });
  // Latchkey's own action name, so a script can tell apart actions that share an Entra name.
  details.push({ key: 'latchkeyAction', value: event.action });
  const targetResources =
    target.id || target.name
      ? [
          {
            id: target.id,
            displayName: target.kind === 'user' ? null : target.name,
            type: target.kind === 'app' ? (activity.targetType === 'User' ? 'ServicePrincipal' : activity.targetType) : activity.targetType,
            userPrincipalName: target.kind === 'user' ? target.name : null,
            groupType: null,
            modifiedProperties: [],
          },
        ]
      : [];
  return {
    id: event.id,
    category: activity.category,
    correlationId: event.correlationId,
    result: event.outcome,
    resultReason: event.outcome === 'failure' ? text(event.details.reason ?? '') : '',
    activityDisplayName: activity.displayName,
    activityDateTime: event.occurredAt.toISOString(),
    loggedByService: activity.service,
    operationType: activity.operationType,
    initiatedBy: initiatedBy(initiator, event.ipAddress),
    targetResources,
    additionalDetails: details,
  };
}

/** Entra's sign-in error code and reason for each of Latchkey's outcomes (docs/graph.md lists them and which are certain). */
export const signInStatus: Record<SignInReason, { errorCode: number; failureReason: string | null }> = {
  success: { errorCode: 0, failureReason: null },
  passwordless: { errorCode: 0, failureReason: null },
  must_change: { errorCode: 50055, failureReason: 'The user must change their password before signing in.' },
  expired: { errorCode: 50055, failureReason: 'The password is expired.' },
  temporary_password_expired: { errorCode: 50055, failureReason: 'The temporary password is expired.' },
  wrong_password: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' },
  password_too_long: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' },
  unknown_user: { errorCode: 50034, failureReason: 'The user account does not exist in the directory.' },
  locked: { errorCode: 50053, failureReason: 'Account is locked because the user tried to sign in too many times with an incorrect user ID or password.' },
  rate_limited: { errorCode: 50053, failureReason: 'Sign-in was blocked because of too many attempts from this address.' },
  disabled: { errorCode: 50057, failureReason: 'The user account is disabled.' },
  mfa_required: { errorCode: 50074, failureReason: 'Strong Authentication is required.' },
  mfa_failed: { errorCode: 500121, failureReason: 'Authentication failed during strong authentication request.' },
  mfa_locked: { errorCode: 50053, failureReason: 'The multifactor authentication step is locked after too many failed attempts.' },
  directory_unavailable: { errorCode: 80001, failureReason: 'The on-premises directory could not be reached.' },
};

/** The reasons an `status/errorCode eq N` names. */
export function reasonsWithErrorCode(code: number): SignInReason[] {
  return (Object.keys(signInStatus) as SignInReason[]).filter((r) => signInStatus[r].errorCode === code);
}

/** A signIn. Sign-ins happen on Latchkey's own sign-in page: the app is Latchkey, the client a browser. */
export function signInJson(item: SignInPageItem): Record<string, unknown> {
  const { event } = item;
  const device = parseUserAgent(event.userAgent ?? '');
  const status = signInStatus[event.reason] ?? { errorCode: event.result === 'success' ? 0 : 50126, failureReason: null };
  const additionalDetails = event.attempts > 1 ? `${event.attempts} attempts until ${event.lastOccurredAt?.toISOString() ?? ''}` : null;
  return {
    id: event.id,
    createdDateTime: event.occurredAt.toISOString(),
    userDisplayName: item.userDisplayName,
    userPrincipalName: item.userPrincipalName,
    userId: event.userId,
    appId: null,
    appDisplayName: 'Latchkey',
    ipAddress: event.ipAddress,
    clientAppUsed: 'Browser',
    correlationId: event.correlationId,
    conditionalAccessStatus: 'notApplied',
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
    resourceDisplayName: 'Latchkey',
    resourceId: null,
    status: { errorCode: status.errorCode, failureReason: status.failureReason ?? (status.errorCode === 0 ? null : 'Other.'), additionalDetails },
    deviceDetail: {
      deviceId: '',
      displayName: '',
      operatingSystem: device.os ?? '',
      browser: device.browser ?? '',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    location: { city: null, state: null, countryOrRegion: null, geoCoordinates: null },
    appliedConditionalAccessPolicies: [],
    /** Latchkey's own outcome code (shared/reports.ts), for scripts that want the exact cause. */
    latchkeyReason: event.reason,
    familiarDevice: event.familiar,
  };
}
