import { z } from 'zod';

/** GET /system/clock — the business clock (a banner shows it while time is simulated). */
export const clockSchema = z.object({ now: z.string(), simulated: z.boolean() }).meta({ id: 'Clock' });

/** PUT /system/clock — the clock moved, and how many deadlines that passed were applied. */
export const clockMovedSchema = clockSchema.extend({ applied: z.number().int() });
