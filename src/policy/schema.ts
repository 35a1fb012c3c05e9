import { z } from 'zod';
import { gatesSchema } from '../gates/config.js';
import { parseDuration } from './duration.js';
import { suggestClosest } from './suggest.js';
import { TIERS } from './tiers.js';

/**
 * The schema of `.github/shipgate.yml`. Every object is strict: an unknown key is an error that names
 * the closest known key, so a typo never silently weakens a policy.
 */
function strict<T extends z.ZodRawShape>(shape: T, what: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const key = String(issue.keys[0]);
        const hint = suggestClosest(key, known);
        return `unknown key '${key}' in ${what}${hint ? `; did you mean '${hint}'?` : '.'} Known keys: ${known.join(', ')}.`;
      }
      if (issue.code === 'invalid_type') return `${what} must be a map of keys (${known.join(', ')})`;
      return undefined;
    },
  });
}

const durationText = z
  .string({ error: 'expected a duration such as 30m, 24h or 7d' })
  .refine((text) => parseDuration(text) !== null, {
    error: 'expected a duration such as 30m, 24h, 7d or 1h30m (units s, m, h, d, w) or ISO 8601 (PT24H)',
  });

const signerList = z
  .array(z.string({ error: 'a signer is a login (alice) or a team (team:org/slug)' }), {
    error: 'expected a list of signers, e.g. [alice, "team:acme/release"]',
  })
  .superRefine((entries, ctx) => {
    entries.forEach((entry, index) => {
      const problem = checkSignerEntry(entry);
      if (problem) ctx.addIssue({ code: 'custom', path: [index], message: problem });
    });
  });

/** Why a `from` entry is not a login or team reference, or null when it is fine. */
export function checkSignerEntry(entry: string): string | null {
  if (entry.startsWith('team:')) {
    return /^team:[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(entry)
      ? null
      : `'${entry}' is not a team reference; write team:org/team-slug, e.g. team:acme/release`;
  }
  if (/\[bot\]$/i.test(entry)) return `'${entry}' is a bot; bots cannot sign off, name people or teams`;
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(entry)
    ? null
    : `'${entry}' is not a GitHub login; write a login (alice) or a team (team:org/slug)`;
}

const approvals = z
  .number({ error: 'approvals must be a whole number, e.g. 2' })
  .int({ error: 'approvals must be a whole number, e.g. 2' })
  .min(0, { error: 'approvals cannot be negative' });

export const quorumSchema = strict({ approvals, from: signerList.optional() }, 'a sign-off rule');

export const tierRuleSchema = strict(
  {
    approvals: approvals.optional(),
    from: signerList.optional(),
    all_of: z
      .array(quorumSchema, { error: 'all_of is a list of rules, e.g. [{approvals: 1, from: [...]}]' })
      .min(1, {
        error: 'all_of needs at least one rule',
      })
      .optional(),
  },
  'a tier rule',
).superRefine((rule, ctx) => {
  if (rule.all_of !== undefined && (rule.approvals !== undefined || rule.from !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['all_of'],
      message:
        'a tier rule is either {approvals, from} or {all_of: [...]}, not both; move approvals/from into all_of',
    });
  } else if (rule.all_of === undefined && rule.approvals === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: 'a tier rule needs approvals (e.g. {approvals: 1, from: ["team:acme/release"]}) or all_of',
    });
  }
});

const tierShape = Object.fromEntries(TIERS.map((tier) => [tier, tierRuleSchema.optional()])) as Record<
  (typeof TIERS)[number],
  z.ZodOptional<typeof tierRuleSchema>
>;

export const tiersSchema = z.strictObject(tierShape, {
  error: (issue) => {
    if (issue.code === 'unrecognized_keys') {
      const key = String(issue.keys[0]);
      const hint = suggestClosest(key, TIERS);
      return `unknown tier '${key}'${hint ? `; did you mean '${hint}'?` : '.'} Tiers are ${TIERS.join(', ')}.`;
    }
    if (issue.code === 'invalid_type') return `tiers must map tier names (${TIERS.join(', ')}) to rules`;
    return undefined;
  },
});

export const freezeWindowSchema = strict(
  {
    name: z.string({ error: 'every freeze window needs a name, e.g. name: weekend' }).min(1),
    start: z.string({ error: 'start is a cron expression in quotes, e.g. "0 17 * * FRI"' }).optional(),
    end: z.string({ error: 'end is a cron expression in quotes, e.g. "0 8 * * MON"' }).optional(),
    from: z.string({ error: 'from is a date in quotes, e.g. "2026-12-20"' }).optional(),
    until: z.string({ error: 'until is a date in quotes, e.g. "2027-01-04"' }).optional(),
    timezone: z.string({ error: 'timezone is an IANA zone, e.g. Europe/Berlin' }).default('UTC'),
    on_freeze: z
      .enum(['hold', 'reject'], { error: "on_freeze is 'hold' (the default) or 'reject'" })
      .default('hold'),
  },
  'a freeze window',
).superRefine((window, ctx) => {
  const recurring = window.start !== undefined || window.end !== undefined;
  const absolute = window.from !== undefined || window.until !== undefined;
  if (recurring && absolute) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `freeze window '${window.name}' mixes start/end (recurring) with from/until (absolute); use one pair`,
    });
  } else if (recurring) {
    for (const key of ['start', 'end'] as const) {
      if (window[key] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `freeze window '${window.name}' has ${key === 'start' ? 'end' : 'start'} but no ${key}; a recurring window needs both cron expressions`,
        });
      }
    }
  } else if (absolute) {
    for (const key of ['from', 'until'] as const) {
      if (window[key] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `freeze window '${window.name}' has ${key === 'from' ? 'until' : 'from'} but no ${key}; an absolute window needs both dates`,
        });
      }
    }
  } else {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `freeze window '${window.name}' needs start and end (cron) or from and until (dates)`,
    });
  }
});

export const environmentSchema = strict(
  {
    mode: z
      .enum(['enforce', 'advise'], { error: "mode is 'enforce' (the default) or 'advise'" })
      .default('enforce'),
    tiers: tiersSchema.optional(),
    signoff: strict(
      {
        allow_author: z.boolean({ error: 'allow_author is true or false' }).default(false),
        expires_after: durationText.optional(),
      },
      'signoff',
    ).optional(),
    freeze: z.array(freezeWindowSchema, { error: 'freeze is a list of windows' }).optional(),
    break_glass: strict(
      {
        approvals: approvals.min(1, { error: 'break-glass needs at least one approval' }),
        from: signerList.min(1, { error: 'break_glass.from must name who may break the glass' }),
        reason: z
          .enum(['required', 'optional'], { error: "reason is 'required' (the default) or 'optional'" })
          .default('required'),
      },
      'break_glass',
    ).optional(),
    rollback: strict(
      {
        cooldown: durationText.optional(),
        max: z.number({ error: 'max is a whole number of rollbacks' }).int().min(0).optional(),
        per: durationText.optional(),
        escalate_to: signerList.min(1, { error: 'escalate_to must name who approves an escalated rollback' }),
      },
      'rollback',
    ).optional(),
  },
  'an environment',
);

export const riskSchema = strict(
  {
    thresholds: strict(
      {
        low: z.number({ error: 'thresholds are scores from 0 to 100' }).min(0).max(100).optional(),
        medium: z.number({ error: 'thresholds are scores from 0 to 100' }).min(0).max(100).optional(),
        high: z.number({ error: 'thresholds are scores from 0 to 100' }).min(0).max(100).optional(),
      },
      'risk.thresholds',
    ).optional(),
    low_confidence: z
      .enum(['raise', 'keep'], { error: "low_confidence is 'raise' (the default) or 'keep'" })
      .optional(),
  },
  'risk',
);

export const policyFileSchema = strict(
  {
    _extends: z
      .string({ error: '_extends names a repository, e.g. .github or acme/policies:shipgate.yml' })
      .optional(),
    risk: riskSchema.optional(),
    gates: gatesSchema.optional(),
    environments: z
      .record(z.string(), environmentSchema, {
        error: 'environments must map environment names to their rules',
      })
      .optional(),
  },
  'the policy file',
);

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type EnvironmentFile = z.infer<typeof environmentSchema>;
export type TierRuleFile = z.infer<typeof tierRuleSchema>;
export type FreezeWindowFile = z.infer<typeof freezeWindowSchema>;
