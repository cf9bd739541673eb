import type { Generated } from 'kysely';

/*
 * Storage conventions, identical on SQLite and PostgreSQL so that one Kysely implementation
 * serves both (docs/adr/0001-storage.md): timestamps are ISO-8601 UTC text with milliseconds
 * (they sort as text), booleans are integers 0/1, lists and objects are JSON text, ids are UUIDs.
 */
type Bool = number;
type Timestamp = string;

export interface OrganizationTable {
  id: string;
  name: string;
  default_language: string;
  created_at: Timestamp;
}

export interface DomainTable {
  name: string;
  organization_id: string;
  is_default: Bool;
  is_verified: Bool;
  created_at: Timestamp;
}

export interface UserTable {
  id: string;
  user_principal_name: string;
  upn_key: string;
  display_name: string;
  display_name_key: string;
  given_name: string | null;
  surname: string | null;
  mail: string | null;
  mail_key: string | null;
  other_mails: string;
  mobile_phone: string | null;
  business_phones: string;
  department: string | null;
  job_title: string | null;
  account_enabled: Bool;
  preferred_language: string | null;
  password_hash: string | null;
  last_password_change_at: Timestamp | null;
  disable_password_expiration: Bool;
  disable_strong_password: Bool;
  force_change_password: Bool;
  sessions_valid_from: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  expiry_reminded_for: Generated<Timestamp | null>;
  /** Set only for users whose source is the directory (0019, issue 14). */
  on_premises_dn: Generated<string | null>;
  on_premises_immutable_id: Generated<string | null>;
  on_premises_sam: Generated<string | null>;
  on_premises_sam_key: Generated<string | null>;
  on_premises_last_sync_at: Generated<Timestamp | null>;
  directory_locked_at: Generated<Timestamp | null>;
}

export interface GroupTable {
  id: string;
  display_name: string;
  description: string | null;
  is_role_assignable: Bool;
  created_at: Timestamp;
  /** Set for groups synced from the directory (0019). */
  on_premises_dn: Generated<string | null>;
}

export interface GroupMemberTable {
  group_id: string;
  user_id: string;
}

export interface RoleAssignmentTable {
  user_id: string;
  role_id: string;
  created_at: Timestamp;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  scope: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip_address: string | null;
  user_agent: string | null;
  /** The last password or passwordless proof; null on rows older than 0014 (read as created_at). */
  authenticated_at: Timestamp | null;
  /** The last second-factor proof; null = none in this session (0014). */
  mfa_at: Timestamp | null;
}

export interface AuditEventTable {
  id: string;
  occurred_at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  target_id: string | null;
  target_name: string | null;
  action: string;
  outcome: string;
  ip_address: string | null;
  user_agent: string | null;
  correlation_id: string | null;
  details: string;
}

export interface OutboxTable {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  payload: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  user_id: string | null;
  claimed_until: Timestamp | null;
  subject: string | null;
}

export interface OutboxAttemptTable {
  id: string;
  outbox_id: string;
  attempted_at: Timestamp;
  outcome: string;
  detail: string | null;
}

export interface DevMailboxTable {
  id: string;
  outbox_id: string | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: Timestamp;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface PasswordHistoryTable {
  id: string;
  user_id: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface LockoutTable {
  user_id: string;
  familiar_failures: number;
  familiar_lockouts: number;
  familiar_locked_until: Timestamp | null;
  unfamiliar_failures: number;
  unfamiliar_lockouts: number;
  unfamiliar_locked_until: Timestamp | null;
  consecutive_failures: number;
  hard_locked: Bool;
  recent_wrong: string;
  updated_at: Timestamp;
  /** Attempts claimed and still being compared, per class, and when those claims lapse (0011). */
  familiar_pending: Generated<number>;
  familiar_pending_until: Generated<Timestamp | null>;
  unfamiliar_pending: Generated<number>;
  unfamiliar_pending_until: Generated<Timestamp | null>;
}

export interface FamiliarDeviceTable {
  user_id: string;
  device_hash: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface SignInEventTable {
  id: string;
  occurred_at: Timestamp;
  user_id: string | null;
  identifier: string | null;
  result: string;
  reason: string;
  ip_address: string | null;
  user_agent: string | null;
  familiar: Bool;
  correlation_id: string | null;
  /** Requests this row stands for: 1, or more for an aggregated row (0013). */
  attempts: Generated<number>;
  /** Set only on an aggregated row (rate-limited refusals per account or address and window); unique (0013). */
  aggregate_key: Generated<string | null>;
  /** The newest request an aggregated row counts (0013). */
  last_occurred_at: Generated<Timestamp | null>;
}

export interface RateLimitTable {
  key: string;
  /** Window start in epoch seconds (a number so both engines compare it alike). */
  window_start: number | string;
  hits: number;
  /** Token bucket: theoretical arrival time in epoch microseconds (GCRA, 0011); null for fixed-window counters. */
  tat_us: Generated<number | string | null>;
}

export interface ResetJobTable {
  id: string;
  created_by: string;
  created_by_name: string;
  created_at: Timestamp;
  status: string;
  options: string;
  sealed_password: string | null;
  total: number;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  finished_at: Timestamp | null;
  /** A bulk job whose directory is down waits until then (0019). */
  paused_until: Generated<Timestamp | null>;
  paused_reason: Generated<string | null>;
}

export interface ResetJobItemTable {
  job_id: string;
  seq: number;
  user_id: string | null;
  user_principal_name: string;
  status: string;
  reason: string | null;
  sealed_password: string | null;
  completed_at: Timestamp | null;
}

export interface PasswordLinkTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface UserSearchTokenTable {
  token: string;
  display_name_key: string;
  user_id: string;
}

export interface Database {
  organization: OrganizationTable;
  domain: DomainTable;
  app_user: UserTable;
  user_group: GroupTable;
  group_member: GroupMemberTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  outbox: OutboxTable;
  setting: SettingTable;
  password_history: PasswordHistoryTable;
  outbox_attempt: OutboxAttemptTable;
  dev_mailbox: DevMailboxTable;
  lockout: LockoutTable;
  familiar_device: FamiliarDeviceTable;
  sign_in_event: SignInEventTable;
  rate_limit: RateLimitTable;
  reset_job: ResetJobTable;
  directory_sync_run: DirectorySyncRunTable;
  directory_write: DirectoryWriteTable;
  reset_job_item: ResetJobItemTable;
  password_link: PasswordLinkTable;
  user_search_token: UserSearchTokenTable;
  auth_method: AuthMethodTable;
  security_answer: SecurityAnswerTable;
  security_info: SecurityInfoTable;
  method_verification: MethodVerificationTable;
  recovery_flow: RecoveryFlowTable;
  recovery_code: RecoveryCodeTable;
  recovery_attempt: RecoveryAttemptTable;
  recovery_lock: RecoveryLockTable;
  mfa_account: MfaAccountTable;
  mfa_remembered_device: MfaRememberedDeviceTable;
  passkey_credential: PasskeyCredentialTable;
  passkey_challenge: PasskeyChallengeTable;
  breached_password: BreachedPasswordTable;
  breached_password_source: BreachedPasswordSourceTable;
  temporary_password: TemporaryPasswordTable;
  oauth_app: OAuthAppTable;
  oauth_app_secret: OAuthAppSecretTable;
  oauth_app_certificate: OAuthAppCertificateTable;
  oauth_signing_key: OAuthSigningKeyTable;
  oidc_payload: OidcPayloadTable;
  graph_operation: GraphOperationTable;
  job_lease: JobLeaseTable;
}

/** The offline breached-password list (0017): SHA-1 as 40 upper-case hex, per import generation. */
export interface BreachedPasswordTable {
  generation: number;
  hash: string;
  count: number;
}

/** The one row (id 1) naming the breached-password import in use (0017); bigint counts are strings on PostgreSQL. */
export interface BreachedPasswordSourceTable {
  id: number;
  generation: number;
  entries: number | string;
  bad_lines: number | string;
  file_name: string;
  imported_at: Timestamp;
}

/** Sign-in MFA per user (0015): tries in a row, the MFA lock, forceChangePasswordNextSignInWithMfa. */
export interface MfaAccountTable {
  user_id: string;
  attempts: Generated<number>;
  locked_until: Timestamp | null;
  force_mfa_before_change: Generated<Bool>;
}

/** "Don't ask again" devices (0015): hashes only. */
export interface MfaRememberedDeviceTable {
  token_hash: string;
  user_id: string;
  device_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuthMethodTable {
  id: string;
  user_id: string;
  kind: string;
  value: string;
  created_at: Timestamp;
  last_totp_step: number | string | null;
}

export interface SecurityAnswerTable {
  user_id: string;
  question_id: string;
  answer_hash: string;
  created_at: Timestamp;
}

export interface SecurityInfoTable {
  user_id: string;
  confirmed_at: Timestamp;
}

export interface MethodVerificationTable {
  id: string;
  user_id: string;
  kind: string;
  value: string;
  code_hash: string | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RecoveryFlowTable {
  id: string;
  subject: string;
  user_id: string | null;
  user_principal_name: string | null;
  eligibility: string;
  state: string;
  password_stamp: string;
  methods_required: number;
  offered: string;
  proven: string;
  questions: string;
  failures: Generated<number>;
  version: Generated<number>;
  locale: string;
  ip_address: string | null;
  user_agent: string | null;
  captcha_key: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  finished_at: Timestamp | null;
  outcome: string | null;
}

export interface RecoveryCodeTable {
  id: string;
  flow_id: string;
  method: string;
  code_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RecoveryAttemptTable {
  id: string;
  subject: string;
  kind: string;
  at: Timestamp;
}

export interface RecoveryLockTable {
  subject: string;
  locked_until: Timestamp;
  reason: string;
}

/** A registered passkey (0016). Ids and keys base64url; counter bigint (a string on PostgreSQL). */
export interface PasskeyCredentialTable {
  id: string;
  credential_id: string;
  user_id: string;
  public_key: string;
  counter: Generated<number | string>;
  transports: Generated<string>;
  aaguid: string;
  name: string;
  backed_up: Generated<Bool>;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

/** A WebAuthn challenge handed out (0016): SHA-256 only, bound, short-lived, deleted when redeemed. */
export interface PasskeyChallengeTable {
  challenge_hash: string;
  purpose: string;
  binding: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** A generated temporary password's lifetime (0018; checklist A4): one row while the user's password is one. */
export interface TemporaryPasswordTable {
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One directory sync (0019, issue 14); counts and errors as JSON. */
export interface DirectorySyncRunTable {
  id: string;
  mode: string;
  trigger: string;
  status: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  counts: string;
  errors: string;
  marker: string | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
}

/** A password write to the directory in flight for one user (0019): one at a time per user. */
export interface DirectoryWriteTable {
  user_id: string;
  owner: string;
  claimed_at: Timestamp;
  expires_at: Timestamp;
}

/** An app registration and its service principal (0020, issue 15); JSON arrays as text, booleans as 0/1. */
export interface OAuthAppTable {
  id: string;
  client_id: string;
  display_name: string;
  permissions: string;
  directory_role: string | null;
  redirect_uris: string;
  public_client: number;
  enabled: number;
  consented_at: Timestamp | null;
  consented_by: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
}

/** A client secret (0020): only its hash; `shown_prefix` is its first three characters, as Entra shows them (Graph's `hint`). */
export interface OAuthAppSecretTable {
  id: string;
  app_id: string;
  display_name: string;
  shown_prefix: string;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** A certificate's public key for private_key_jwt (0020): the JWK as JSON, its SHA-1 thumbprint (x5t) as base64url. */
export interface OAuthAppCertificateTable {
  id: string;
  app_id: string;
  display_name: string;
  thumbprint: string;
  public_jwk: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** A token signing key (0020): the private JWK sealed with the server secret; retired keys stay published until their tokens expire. */
export interface OAuthSigningKeyTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk_sealed: string;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

/** The authorisation server's state (0020): one row per model instance (oidc-provider's adapter contract). */
export interface OidcPayloadTable {
  id: string;
  model: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
}

/** A Graph long-running operation (0020): resetPassword's answer. */
export interface GraphOperationTable {
  id: string;
  user_id: string;
  status: string;
  status_detail: string | null;
  created_at: Timestamp;
  last_action_at: Timestamp;
}

/** Who runs a periodic job now (0021): a process takes the row before a run; an expired lease is free. */
export interface JobLeaseTable {
  name: string;
  owner: string;
  lease_until: Timestamp;
}
