/**
 * Where a guided commissioning stands, per intercom (issue 11, item 2): the steps completed, the gates
 * chosen and the settings saved, so the flow resumes after a restart or after the intercom vanished.
 * Nothing secret is kept: never the setup key, never a code.
 */
import { z } from 'zod';

export const COMMISSION_STEPS = ['claim', 'gates', 'settings', 'testFire', 'report'] as const;
export type CommissionStepId = (typeof COMMISSION_STEPS)[number];

/** The steps in the product guide's words. */
export const COMMISSION_STEP_LABELS: Record<CommissionStepId, string> = {
  claim: 'Claim',
  gates: 'Choose the gates',
  settings: 'One Time Access Settings',
  testFire: 'Test-fire',
  report: 'Report',
};

const deviceIdSchema = z.string().regex(/^[0-9a-f]{12}$/);

export const commissionSettingsSchema = z.strictObject({
  entryDevice: deviceIdSchema,
  exitDevice: z.union([deviceIdSchema, z.literal('same')]),
  maxUsers: z.number().int().positive().optional(),
  inviteDurationHours: z.number().int().positive().optional(),
});
export type CommissionSettings = z.infer<typeof commissionSettingsSchema>;

export const commissionProgressSchema = z.strictObject({
  /** The intercom's name when the flow started (for a list of flows to resume). */
  name: z.string().max(64),
  completed: z.array(z.enum(COMMISSION_STEPS)),
  /** The gates and settings chosen (after "Choose the gates"), saved (after One Time Access Settings). */
  settings: commissionSettingsSchema.optional(),
  /** The step that stopped the last attempt, and why (the error's message: no secrets in it). */
  stopped: z.strictObject({ step: z.enum(COMMISSION_STEPS), message: z.string().max(500) }).optional(),
  /** Where the report was written, once it was. */
  report: z.strictObject({ json: z.string(), pdf: z.string() }).optional(),
  updatedAt: z.iso.datetime(),
});
export type CommissionProgress = z.infer<typeof commissionProgressSchema>;

export const commissionProgressFileSchema = z.strictObject({
  version: z.literal(1),
  intercoms: z.record(deviceIdSchema, commissionProgressSchema),
});

export interface CommissionProgressStore {
  get(deviceId: string): CommissionProgress | undefined;
  save(deviceId: string, progress: CommissionProgress): void;
  /** Every flow this store knows, finished or not. */
  all(): Record<string, CommissionProgress>;
}

/** The next step to do, or undefined when all are done. */
export function nextStep(progress: Pick<CommissionProgress, 'completed'> | undefined): CommissionStepId | undefined {
  return COMMISSION_STEPS.find((step) => !progress?.completed.includes(step));
}

export function memoryCommissionProgress(): CommissionProgressStore {
  const flows = new Map<string, CommissionProgress>();
  return {
    get: (deviceId) => flows.get(deviceId),
    save: (deviceId, progress) => flows.set(deviceId, commissionProgressSchema.parse(progress)),
    all: () => Object.fromEntries(flows),
  };
}
