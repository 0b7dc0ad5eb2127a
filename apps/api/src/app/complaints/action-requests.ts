import type { Type } from '@nestjs/common';
import type { ComplaintAction, ComplaintCommand, CommandOf } from '@complaint-desk/domain';
import { validateBody } from '../common/validation';
import {
  AcknowledgeDto,
  AssignDto,
  CategoriseDto,
  CloseDto,
  EscalateDto,
  ExtendDto,
  ReopenDto,
  SatisfactionDto,
  UpdateDto,
} from './dto/action.dto';

/*
 * Lifecycle action routes take the body with `@RawBody()` (common/validation.ts), so the global
 * ValidationPipe leaves it alone: the action service validates it (`commandFromBody`) only AFTER it has
 * found the complaint (404), decided the state (409) and If-Match (412) — contract "Which answer wins".
 * Body-level errors (malformed JSON, too deep, prototype keys, content type) are answered before, by the
 * request-reading interceptor (common/request-body.ts).
 */

interface ActionRequest<A extends ComplaintAction, D extends object> {
  /** The DTO class: validation rules and the OpenAPI body schema. */
  dto: Type<D>;
  toCommand(dto: D): CommandOf<A>;
}

const request = <A extends ComplaintAction, D extends object>(dto: Type<D>, toCommand: (dto: D) => CommandOf<A>): ActionRequest<A, D> => ({
  dto,
  toCommand,
});

/** Every action's request: its DTO and how a valid body becomes the domain command. */
export const ACTION_REQUESTS: { [A in ComplaintAction]: ActionRequest<A, object> } = {
  categorise: request(CategoriseDto, (b) => ({ action: 'categorise', categoryCode: b.categoryCode, note: b.note })),
  acknowledge: request(AcknowledgeDto, (b) => ({
    action: 'acknowledge',
    via: b.via,
    message: b.message,
    responsibleFunction: b.responsibleFunction,
    expectedResolutionBy: b.expectedResolutionBy ? new Date(b.expectedResolutionBy) : undefined,
  })),
  update: request(UpdateDto, (b) => ({ action: 'update', via: b.via, message: b.message })),
  extend: request(ExtendDto, (b) => ({
    action: 'extend',
    newResolveBy: new Date(b.newResolveBy),
    reason: b.reason,
    actionPlan: b.actionPlan,
    via: b.via,
  })),
  escalate: request(EscalateDto, (b) => ({ action: 'escalate', reason: b.reason, note: b.note })),
  assign: request(AssignDto, (b) => ({ action: 'assign', assigneeId: b.assigneeId === null ? null : b.assigneeId.toLowerCase() })),
  close: request(CloseDto, (b) => ({
    action: 'close',
    outcome: b.outcome,
    resolution: b.resolution,
    via: b.via,
    rootCauseCode: b.rootCauseCode,
  })),
  reopen: request(ReopenDto, (b) => ({ action: 'reopen', reason: b.reason })),
  satisfaction: request(SatisfactionDto, (b) => ({ action: 'satisfaction', score: b.score, comment: b.comment })),
} as { [A in ComplaintAction]: ActionRequest<A, object> };

/**
 * Validates an action's body exactly as the global pipe validates every other body (`validateBody`:
 * whitelist, types, limits, NUL, lone surrogates; 400 naming each field) and turns it into the command.
 */
export async function commandFromBody(action: ComplaintAction, body: unknown): Promise<ComplaintCommand> {
  const spec = ACTION_REQUESTS[action] as ActionRequest<ComplaintAction, object>;
  return spec.toCommand(await validateBody(spec.dto, body));
}
