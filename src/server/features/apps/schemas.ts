import { z } from 'zod';
import { graphAppPermissions } from '../../../shared/apps.js';
import { roleIds } from '../../../shared/roles.js';
import { MAX_CERTIFICATE_CHARS } from './certificates.js';
import { DISPLAY_NAME_MAX, REDIRECT_URI_MAX_CHARS, REDIRECT_URIS_MAX, SECRET_DAYS_MAX, SECRET_NAME_MAX } from './validation.js';

// The app registration API's shapes (issue 15), mirroring src/shared/apps.ts for validation and OpenAPI.
// Bounds are loose here where the service gives the precise, named error (apps.invalid_permission naming the permission).

const permissionNames = z
  .array(z.string().max(100))
  .max(50)
  .describe(`Graph application permissions, names matched without case: ${graphAppPermissions.join(', ')}`);
const roleName = z
  .string()
  .max(100)
  .nullable()
  .describe('A directory role the app holds, by id (`helpdesk-administrator`) or Entra name ("Helpdesk Administrator"); null for none. Needs roles:manage.');
const redirectUris = z
  .array(z.string().max(REDIRECT_URI_MAX_CHARS))
  .max(REDIRECT_URIS_MAX)
  .describe('https URIs (http only to localhost / 127.0.0.1), no fragment');
const expiresInDays = z
  .number()
  .int()
  .min(1)
  .max(SECRET_DAYS_MAX)
  .describe(`Days until the secret expires: 1 to ${SECRET_DAYS_MAX} (24 months, Entra\u2019s maximum); default 180`);
const description = z.string().max(SECRET_NAME_MAX);

export const appIdParams = z.object({ id: z.string().min(1).max(64).describe('The object id or the application (client) id') });
export const secretParams = appIdParams.extend({ secretId: z.string().min(1).max(64) });
export const certificateParams = appIdParams.extend({ certificateId: z.string().min(1).max(64) });

export const createAppBody = z
  .object({
    displayName: z.string().max(DISPLAY_NAME_MAX),
    permissions: permissionNames.optional(),
    directoryRole: roleName.optional(),
    redirectUris: redirectUris.optional(),
    publicClient: z.boolean().optional().describe('Allow public client flows (device code; authorization code with PKCE and no secret)'),
    createSecret: z.boolean().optional().describe('Make a first client secret, returned once (default: yes unless publicClient)'),
    secretDisplayName: description.optional(),
    secretExpiresInDays: expiresInDays.optional(),
    grantConsent: z.boolean().optional().describe('Grant admin consent at once (default no: grant it with POST /apps/{id}/consent)'),
  })
  .strict()
  .meta({ id: 'AppCreate' });

export const patchAppBody = z
  .object({
    displayName: z.string().max(DISPLAY_NAME_MAX).optional(),
    permissions: permissionNames.optional().describe('The new permission set; any change to the set clears admin consent'),
    directoryRole: roleName.optional(),
    redirectUris: redirectUris.optional(),
    publicClient: z.boolean().optional(),
    enabled: z.boolean().optional().describe('A disabled app gets no token and its tokens stop working'),
  })
  .strict()
  .meta({ id: 'AppUpdate' });

export const secretBody = z
  .object({ displayName: description.optional().describe('A description, such as where the secret is used'), expiresInDays: expiresInDays.optional() })
  .strict()
  .meta({ id: 'AppSecretCreate' });

export const certificateBody = z
  .object({
    displayName: description.optional(),
    certificate: z.string().min(1).max(MAX_CERTIFICATE_CHARS).describe('The public certificate in PEM (-----BEGIN CERTIFICATE-----); never a private key'),
  })
  .strict()
  .meta({ id: 'AppCertificateCreate' });

const secretJson = z
  .object({
    id: z.string(),
    displayName: z.string(),
    hint: z.string().describe('The first three characters of the value'),
    createdDateTime: z.string(),
    endDateTime: z.string(),
    expired: z.boolean(),
  })
  .meta({ id: 'AppSecret' });

export const certificateJson = z
  .object({
    id: z.string(),
    displayName: z.string(),
    thumbprint: z.string().describe('SHA-1 of the certificate, upper-case hex (the x5t of client assertions)'),
    createdDateTime: z.string(),
    endDateTime: z.string(),
    expired: z.boolean(),
  })
  .meta({ id: 'AppCertificate' });

export const appJson = z
  .object({
    id: z.string().describe('The object id'),
    clientId: z.string().describe('The application (client) id'),
    displayName: z.string(),
    permissions: z.array(z.enum(graphAppPermissions)),
    directoryRole: z.enum(roleIds).nullable(),
    redirectUris: z.array(z.string()),
    publicClient: z.boolean(),
    enabled: z.boolean(),
    consentedDateTime: z.string().nullable().describe('When admin consent was granted; null: not granted, the app gets no application token'),
    consentedBy: z.string().nullable().describe('Who granted it: a user id, or `cli`'),
    createdDateTime: z.string(),
    secrets: z.array(secretJson),
    certificates: z.array(certificateJson),
  })
  .meta({ id: 'App' });

export const appCreatedJson = z
  .object({
    app: appJson,
    clientId: z.string(),
    tenantId: z.string().describe('The organisation id: the {tenant} of the token endpoint'),
    clientSecret: z.string().optional().describe('The secret value: shown this once, stored only as a keyed hash'),
    secretId: z.string().optional(),
  })
  .meta({ id: 'AppCreated' });
