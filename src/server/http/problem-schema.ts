import { z } from 'zod';

/** The body of every error answer, as documented in OpenAPI (the shape `sendProblem` writes). */
export const problemJson = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string(),
    issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `code` is stable, `title` is localised.' });
