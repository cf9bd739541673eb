import { z } from 'zod';

// The directory sync API's shapes (issue 14), mirroring src/shared/directory.ts for validation and OpenAPI.

export const syncModeJson = z.enum(['full', 'incremental']);

export const syncBody = z.object({ mode: syncModeJson.optional() }).strict().meta({
  id: 'DirectorySyncRequest',
  description: 'mode: full (also finds users gone from the directory) or incremental (changes since the last successful run; the default when there was one).',
});

const countsJson = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  disabled: z.number().int(),
  unchanged: z.number().int(),
  groups: z.number().int(),
  failed: z.number().int(),
});

const errorJson = z.object({ dn: z.string().nullable(), code: z.string(), message: z.string().nullable() });

export const syncRunJson = z
  .object({
    id: z.string(),
    mode: syncModeJson,
    trigger: z.string(),
    status: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
    startedDateTime: z.string(),
    finishedDateTime: z.string().nullable(),
    counts: countsJson,
    errors: z.array(errorJson),
  })
  .meta({ id: 'DirectorySyncRun' });

export const directoryStatusJson = z
  .object({
    configured: z.boolean(),
    kind: z.enum(['openldap', 'active-directory']).nullable(),
    url: z.string().nullable(),
    baseDn: z.string().nullable(),
    syncIntervalMinutes: z.number().int(),
    directoryUsers: z.number().int(),
    lastSync: syncRunJson.nullable(),
    lastSuccessfulSync: syncRunJson.nullable(),
    running: z.boolean(),
  })
  .meta({ id: 'DirectoryStatus' });

export const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
