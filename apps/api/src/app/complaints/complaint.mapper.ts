import { allowedActions, complaintSla, type ComplaintAction } from '@complaint-desk/domain';
import type {
  Channel,
  ComplaintDetailDto,
  ComplaintDto,
  ComplaintSubject,
  IdentityMethod,
  IdentityVerificationDto,
  Priority,
  Role,
  TimelineEventDto,
} from '@complaint-desk/contracts';
import type { TimelineEventRow } from '../timeline/timeline.repository';
import { atRiskOfRow, ComplaintRow, stateOfRow } from './complaint-row';

/** A complaint row with what the DTO needs from other tables (`ComplaintRepository`'s view). */
export interface ComplaintView extends ComplaintRow {
  assignee_email: string | null;
  escalation_reasons: string[] | null;
  /** Name of the root cause in the client's current policy (null when unknown there). */
  root_cause_name: string | null;
}

const iso = (v: Date | null): string | null => (v ? new Date(v).toISOString() : null);
const isoReq = (v: Date): string => new Date(v).toISOString();

/** Roles that may `assign` (admin always may). */
const ASSIGNERS: readonly Role[] = ['team_lead', 'admin'];

/**
 * Entity → contract. `sla` comes from the domain with the row's stored at-risk instants and `now`,
 * `allowedActions` with the complaint's own policy snapshot; `allowedActions` is what the caller may do (an agent never sees `assign`).
 */
export function toComplaintDto(row: ComplaintView, now: Date, callerRole: Role | 'system'): ComplaintDto {
  const state = stateOfRow(row);
  const ctx = { now, calendar: row.calendar_snapshot, policy: row.policy_snapshot };
  const actions: ComplaintAction[] = allowedActions(state, ctx).filter(
    (a) => a !== 'assign' || callerRole === 'system' || ASSIGNERS.includes(callerRole),
  );
  const rootCause = row.root_cause_code
    ? {
        code: row.root_cause_code,
        name:
          row.root_cause_name ?? row.policy_snapshot.rootCauses?.find((r) => r.code === row.root_cause_code)?.name ?? row.root_cause_code,
      }
    : null;
  return {
    id: row.id,
    reference: row.reference,
    clientId: row.client_id,
    status: row.status,
    channel: row.channel as Channel,
    subject: row.subject as ComplaintSubject,
    priority: row.priority as Priority,
    summary: row.summary,
    description: row.description,
    category: row.category_code ? { code: row.category_code, name: row.category_name ?? row.category_code } : null,
    customer: {
      name: row.customer_name,
      email: row.customer_email,
      phone: row.customer_phone,
      preferredChannel: row.customer_preferred_channel as Channel | null,
      language: row.customer_language,
      accessibilityNeeds: row.customer_accessibility_needs,
      identityVerified: identityOf(row),
    },
    receivedAt: isoReq(row.received_at),
    registeredAt: isoReq(row.registered_at),
    assignee: row.assignee_id ? { id: row.assignee_id, email: row.assignee_email ?? '' } : null,
    responsibleFunction: row.responsible_function,
    deadlines: {
      acknowledgeBy: isoReq(row.acknowledge_by),
      resolveBy: isoReq(row.resolve_by),
      nextUpdateBy: iso(row.next_update_by),
    },
    // the at-risk instants as stored: the same values the list's atRisk filter and the sweep compare
    sla: complaintSla(state, now, atRiskOfRow(row)),
    escalation: { level: Number(row.escalation_level), reasons: row.escalation_reasons ?? [] },
    outcome: row.outcome,
    resolution: row.resolution,
    rootCause,
    closedAt: iso(row.closed_at),
    satisfaction:
      row.satisfaction_score === null
        ? null
        : {
            score: Number(row.satisfaction_score),
            comment: row.satisfaction_comment,
            recordedAt: isoReq(row.satisfaction_at ?? row.updated_at),
          },
    // An erased complaint accepts no writes (privacy-rules.ts).
    allowedActions: row.erased_at ? [] : actions,
    dueAt: iso(row.due_at),
    customerNotReached: row.customer_not_reached === true,
    version: Number(row.version),
    erasedAt: iso(row.erased_at ?? null),
  };
}

/** `customer.identityVerified` (R4.5-b) from the privacy columns. */
function identityOf(row: ComplaintView): IdentityVerificationDto | null {
  if (!row.identity_verified_method || !row.identity_verified_at) return null;
  return {
    method: row.identity_verified_method as IdentityMethod,
    at: isoReq(row.identity_verified_at),
    by: { id: row.identity_verified_by ?? '', email: row.identity_verified_by_email ?? '' },
  };
}

export function toTimelineEvent(e: TimelineEventRow): TimelineEventDto {
  return {
    id: String(e.id),
    type: e.type,
    at: isoReq(e.at),
    actor: e.actor_id ? { id: e.actor_id, email: e.actor_email ?? '', role: e.actor_role ?? '' } : { system: true },
    data: e.data ?? {},
  };
}

export function toComplaintDetailDto(
  row: ComplaintView,
  events: TimelineEventRow[],
  now: Date,
  callerRole: Role | 'system',
): ComplaintDetailDto {
  return { ...toComplaintDto(row, now, callerRole), timeline: events.map(toTimelineEvent) };
}
