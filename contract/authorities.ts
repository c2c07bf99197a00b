import { z } from 'zod';

/** api-v1 "Recommendations the system did not receive online": the maintained list of industry authorities. */
export const authoritySchema = z.object({ id: z.string(), name: z.string(), active: z.boolean(), hasAccount: z.boolean() });
const authorityName = z.string().trim().min(1).max(200);
export const createAuthorityBody = z.strictObject({ name: authorityName });
export const updateAuthorityBody = z.strictObject({ name: authorityName.optional(), active: z.boolean().optional() });
export type Authority = z.infer<typeof authoritySchema>;
